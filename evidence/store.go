// Package evidence keeps the files attached to cases (photos, video, medical
// documents) in MinIO: streamed in, hashed on the way, never overwritten.
package evidence

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/changhu/ltc"
)

// Allowed are the content types accepted, as detected from the file's first bytes.
var Allowed = []string{"application/pdf", "image/jpeg", "image/png", "image/webp", "video/mp4", "video/webm"}

// partSize bounds the memory one upload holds: the part being sent.
const partSize = 5 << 20

// Config says where MinIO is, and how long stored objects are kept from deletion.
type Config struct {
	Endpoint  string
	AccessKey string
	SecretKey string
	Bucket    string
	UseSSL    bool
	// RetentionDays is the bucket's default object-lock retention: no version
	// can be deleted for so many days after it is stored (0: no lock).
	RetentionDays int
	// Compliance locks in COMPLIANCE mode (nobody, root included, may delete
	// before the retention ends) rather than GOVERNANCE (a holder of
	// s3:BypassGovernanceRetention may, which the undo of an upload whose
	// record failed uses).
	Compliance bool
}

// Store is the evidence bucket.
type Store struct {
	client     *minio.Client
	bucket     string
	days       int
	compliance bool
}

// Open connects to MinIO (no request is made until the first call).
func Open(cfg Config) (*Store, error) {
	client, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: cfg.UseSSL,
		// A person is waiting on an upload: a few retries, then a 503 they can retry.
		MaxRetries: 3,
	})
	if err != nil {
		return nil, fmt.Errorf("open object storage: %w", err)
	}
	return &Store{client: client, bucket: cfg.Bucket, days: cfg.RetentionDays, compliance: cfg.Compliance}, nil
}

// ErrNoObjectLock is returned by EnsureBucket for a bucket created without
// object locking: S3 cannot turn it on later, so its objects can be deleted.
// The bucket is otherwise ready (versioned).
var ErrNoObjectLock = errors.New("the bucket was created without object locking, which cannot be turned on later: " +
	"its evidence can be deleted; create a new bucket with `ltc migrate` (LTC_MINIO_BUCKET) and mirror the objects into it, " +
	"or wipe a development setup (make dev-reset)")

// EnsureBucket creates the bucket if needed, versioned (nothing stored is
// ever overwritten) and, with a retention, with object locking and that
// default retention (nothing stored is deleted before it ends). An existing
// bucket without locking stays usable: the error is ErrNoObjectLock.
func (s *Store) EnsureBucket(ctx context.Context) error {
	exists, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return unavailable("check bucket", err)
	}
	if !exists {
		err := s.client.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{ObjectLocking: s.days > 0})
		if err != nil && minio.ToErrorResponse(err).Code != "BucketAlreadyOwnedByYou" {
			return unavailable("create bucket", err)
		}
	}
	if err := s.client.EnableVersioning(ctx, s.bucket); err != nil {
		return unavailable("enable versioning", err)
	}
	if s.days <= 0 {
		return nil
	}
	locked, err := s.Locked(ctx)
	if err != nil {
		return err
	}
	if !locked {
		return ErrNoObjectLock
	}
	mode, days, unit := minio.Governance, uint(s.days), minio.Days
	if s.compliance {
		mode = minio.Compliance
	}
	if err := s.client.SetObjectLockConfig(ctx, s.bucket, &mode, &days, &unit); err != nil {
		return unavailable("set default retention", err)
	}
	return nil
}

// Locked says whether the bucket has object locking enabled.
func (s *Store) Locked(ctx context.Context) (bool, error) {
	enabled, _, _, _, err := s.client.GetObjectLockConfig(ctx, s.bucket)
	if err != nil {
		if minio.ToErrorResponse(err).Code == "ObjectLockConfigurationNotFoundError" {
			return false, nil
		}
		return false, unavailable("read object lock", err)
	}
	return enabled == "Enabled", nil
}

// Ready checks that the bucket is reachable.
func (s *Store) Ready(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return unavailable("check bucket", err)
	}
	if !ok {
		return unavailable("check bucket", fmt.Errorf("bucket %s does not exist", s.bucket))
	}
	return nil
}

// Stored describes an object after upload.
type Stored struct {
	ContentType string
	Size        int64
	SHA256      string
	VersionID   string
}

// Put streams r to key, refusing content whose detected type is not allowed
// and anything over maxSize. It holds two parts in memory: one filling from
// the request while the other goes to MinIO, so that the upload runs at the
// slower of the two rates rather than at their sum of waits.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, maxSize int64) (Stored, error) {
	br := bufio.NewReaderSize(r, 512)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) {
		return Stored{}, fmt.Errorf("read upload: %w", err)
	}
	contentType, _, _ := strings.Cut(http.DetectContentType(head), ";")
	if !slices.Contains(Allowed, contentType) {
		return Stored{}, ltc.Errorf(ltc.EInvalid, "不支持的文件类型 %s，只接受 PDF、JPEG、PNG、WebP 图片及 MP4、WebM 视频",
			"file type %s is not accepted; send PDF, JPEG, PNG, WebP, MP4 or WebM", contentType)
	}
	hash := sha256.New()
	limited := &limitReader{r: io.TeeReader(br, hash), left: maxSize}
	info, err := s.client.PutObject(ctx, s.bucket, key, limited, -1, minio.PutObjectOptions{
		ContentType: contentType, PartSize: partSize, NumThreads: 2, ConcurrentStreamParts: true,
	})
	if limited.over {
		return Stored{}, ltc.Errorf(ltc.EInvalid, "文件超过 %d MB 的上限", "the file is larger than the %d MB limit", maxSize>>20)
	}
	if err != nil {
		return Stored{}, unavailable("store evidence", err)
	}
	return Stored{ContentType: contentType, Size: info.Size, SHA256: hex.EncodeToString(hash.Sum(nil)), VersionID: info.VersionID}, nil
}

// Get reads one version of an object whole, refusing one larger than maxSize.
func (s *Store) Get(ctx context.Context, key, versionID string, maxSize int64) ([]byte, error) {
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{VersionID: versionID})
	if err != nil {
		return nil, unavailable("read object", err)
	}
	defer obj.Close()
	data, err := io.ReadAll(io.LimitReader(obj, maxSize+1))
	if err != nil {
		return nil, unavailable("read object", err)
	}
	if int64(len(data)) > maxSize {
		return nil, fmt.Errorf("object %s is larger than %d bytes", key, maxSize)
	}
	return data, nil
}

// Remove deletes one version of an object (used to undo an upload whose
// record failed, seconds old): under a GOVERNANCE lock it bypasses the
// retention, which these credentials may; under COMPLIANCE it is refused and
// the object stays, logged by the caller.
func (s *Store) Remove(ctx context.Context, key, versionID string) error {
	err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{VersionID: versionID, GovernanceBypass: true})
	if err != nil {
		return unavailable("remove evidence", err)
	}
	return nil
}

// Hash streams one version of an object through SHA-256, holding one buffer.
// found is false when the version is not there (deleted, or never stored).
func (s *Store) Hash(ctx context.Context, key, versionID string) (sha string, size int64, found bool, err error) {
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{VersionID: versionID})
	if err != nil {
		return "", 0, false, unavailable("read object", err)
	}
	defer obj.Close()
	h := sha256.New()
	size, err = io.CopyBuffer(h, obj, make([]byte, 1<<20))
	if err != nil {
		if missing(err) {
			return "", 0, false, nil
		}
		return "", 0, false, unavailable("read object", err)
	}
	return hex.EncodeToString(h.Sum(nil)), size, true, nil
}

// Latest is the version a read of the key without a version gets; found is
// false when there is none (no object, or a delete marker on top).
func (s *Store) Latest(ctx context.Context, key string) (versionID string, found bool, err error) {
	info, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		if missing(err) {
			return "", false, nil
		}
		return "", false, unavailable("read object", err)
	}
	return info.VersionID, true, nil
}

// missing says whether err is S3's answer for an object or version not there.
func missing(err error) bool {
	switch minio.ToErrorResponse(err).Code {
	case "NoSuchKey", "NoSuchVersion", "NoSuchObject", "InvalidArgument", "MethodNotAllowed":
		return true
	}
	return false
}

// PresignGet returns a short-lived download link for one version of an object.
func (s *Store) PresignGet(ctx context.Context, key, versionID, filename string, ttl time.Duration) (string, error) {
	params := url.Values{}
	params.Set("response-content-disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s", url.PathEscape(filename)))
	if versionID != "" {
		params.Set("versionId", versionID)
	}
	u, err := s.client.PresignedGetObject(ctx, s.bucket, key, ttl, params)
	if err != nil {
		return "", unavailable("sign download", err)
	}
	return u.String(), nil
}

// PresignInline returns a short-lived link that shows the file in the page
// (an image, a video, a PDF in a frame) instead of downloading it. The type is
// the one sniffed at upload, never the client's.
func (s *Store) PresignInline(ctx context.Context, key, versionID, contentType string, ttl time.Duration) (string, error) {
	params := url.Values{}
	params.Set("response-content-disposition", "inline")
	params.Set("response-content-type", contentType)
	if versionID != "" {
		params.Set("versionId", versionID)
	}
	u, err := s.client.PresignedGetObject(ctx, s.bucket, key, ttl, params)
	if err != nil {
		return "", unavailable("sign preview", err)
	}
	return u.String(), nil
}

// limitReader fails the upload once more than left bytes have passed.
type limitReader struct {
	r    io.Reader
	left int64
	over bool
}

var errTooLarge = errors.New("upload exceeds the size limit")

func (l *limitReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		l.over = true
		return 0, errTooLarge
	}
	return n, err
}

func unavailable(what string, err error) error { return ltc.Unavailable(ltc.ServiceFiles, what, err) }
