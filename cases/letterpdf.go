package cases

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/letter"
)

// maxLetterBytes bounds a stored letter read back.
const maxLetterBytes = 8 << 20

// LetterPDF is the conclusion letter (评估结论书) of the conclusion in force
// as a PDF: rendered the first time, kept with its SHA-256, and the same
// bytes served afterwards. It carries the person's name, so only those who
// may see personal data get it.
func (s *Service) LetterPDF(ctx context.Context, a ltc.Actor, id string) ([]byte, error) {
	c, _, err := s.open(ctx, a, id, ltc.ActionViewPersonal)
	if err != nil {
		return nil, err
	}
	if c.Decision == nil {
		return nil, ltc.Errorf(ltc.ENotFound, "尚未作出评估结论", "there is no conclusion yet")
	}
	if err := s.logAccess(ctx, a, c.Region, c.ID, ReadLetter, ""); err != nil {
		return nil, err
	}
	issued, err := s.Store.LetterOf(ctx, c.ID, c.Decision.DecidedAt)
	if err != nil {
		return nil, err
	}
	if issued != nil {
		return s.readLetter(ctx, issued)
	}
	return s.issueLetter(ctx, c)
}

func (s *Service) issueLetter(ctx context.Context, c *ltc.Case) ([]byte, error) {
	code := s.letterCode(c.ID, c.Decision.DecidedAt)
	l, err := s.letterOf(ctx, c, code)
	if err != nil {
		return nil, err
	}
	pdf, err := letter.Render(l)
	if err != nil {
		return nil, fmt.Errorf("render the letter of case %s: %w", c.ID, err)
	}
	key := "letters/" + c.ID + "/" + code + ".pdf"
	stored, err := s.Files.Put(ctx, key, bytes.NewReader(pdf), maxLetterBytes)
	if err != nil {
		return nil, err
	}
	issued, err := s.Store.SaveLetter(ctx, IssuedLetter{Code: code, CaseID: c.ID, DecidedAt: c.Decision.DecidedAt,
		ObjectKey: key, VersionID: stored.VersionID, SHA256: stored.SHA256, Size: stored.Size})
	if err != nil {
		return nil, err
	}
	if issued.VersionID != stored.VersionID { // issued at the same moment by another request: theirs stands
		return s.readLetter(ctx, issued)
	}
	return pdf, nil
}

// readLetter reads an issued letter back, refusing bytes that are not the
// ones issued.
func (s *Service) readLetter(ctx context.Context, issued *IssuedLetter) ([]byte, error) {
	pdf, err := s.Files.Get(ctx, issued.ObjectKey, issued.VersionID, maxLetterBytes)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(pdf); hex.EncodeToString(sum[:]) != issued.SHA256 {
		return nil, fmt.Errorf("letter %s of case %s does not match its hash", issued.Code, issued.CaseID)
	}
	return pdf, nil
}

// letterCode is a letter's verification code: keyed, so that nobody can
// make or guess one, and the same for the same decision, so that two first
// requests at once issue the same letter. Twelve characters of Crockford's
// base-32 alphabet, in three groups: 60 bits.
func (s *Service) letterCode(caseID string, decidedAt time.Time) string {
	mac := hmac.New(sha256.New, s.LetterKey)
	mac.Write([]byte(caseID + "\x00" + decidedAt.UTC().Format(time.RFC3339Nano)))
	raw := base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").EncodeToString(mac.Sum(nil))[:12]
	return raw[:4] + "-" + raw[4:8] + "-" + raw[8:]
}
