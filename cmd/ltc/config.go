package main

import (
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/changhu/ltc/payload"
)

// config is read from LTC_* environment variables; the defaults are the local
// services that `make dev` starts (scripts/services.sh).
type config struct {
	HTTPAddr          string
	MetricsAddr       string
	TrustedProxies    []string
	DatabaseURL       string
	MinioEndpoint     string
	MinioAccessKey    string
	MinioSecretKey    string
	MinioBucket       string
	MinioSSL          bool
	RetentionDays     int  // LTC_EVIDENCE_RETENTION_DAYS: the bucket's default object lock
	RetentionStrict   bool // LTC_EVIDENCE_RETENTION_MODE=compliance
	SecureCookies     bool
	TemporalAddress   string
	TemporalNamespace string
	TemporalTLS       temporalTLS
	TokenSecret       string
	PayloadKey        string
	CodecOrigin       string // LTC_CODEC_CORS_ORIGIN: the Temporal UI that may call the codec endpoint
	ActionTimeout     time.Duration
	SMSURL            string
	SMSKey            string
	SMSSignature      string
	DevOutbox         bool
	PublicURL         string
	InstrumentsDir    string
	PoliciesDir       string
	LogLevel          slog.Level
}

// devTokenSecret signs tokens when LTC_TOKEN_SECRET is unset: local use only.
const devTokenSecret = "local-development-only-secret-change-me"

func loadConfig(getenv func(string) string) config {
	get := func(key, fallback string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return fallback
	}
	var level slog.Level
	_ = level.UnmarshalText([]byte(get("LTC_LOG_LEVEL", "info")))
	return config{
		HTTPAddr:          get("LTC_HTTP_ADDR", "127.0.0.1:8080"),
		MetricsAddr:       get("LTC_METRICS_ADDR", "127.0.0.1:9464"),
		TrustedProxies:    list(getenv("LTC_TRUSTED_PROXIES")),
		DatabaseURL:       get("LTC_DATABASE_URL", "postgres://ltc@127.0.0.1:55432/ltc?sslmode=disable"),
		MinioEndpoint:     get("LTC_MINIO_ENDPOINT", "127.0.0.1:59000"),
		MinioAccessKey:    get("LTC_MINIO_ACCESS_KEY", "ltcdev"),
		MinioSecretKey:    get("LTC_MINIO_SECRET_KEY", "ltcdev-secret"),
		MinioBucket:       get("LTC_MINIO_BUCKET", "ltc-evidence"),
		MinioSSL:          strings.EqualFold(get("LTC_MINIO_SSL", "false"), "true"),
		RetentionDays:     days(get("LTC_EVIDENCE_RETENTION_DAYS", "3650")),
		RetentionStrict:   strings.EqualFold(get("LTC_EVIDENCE_RETENTION_MODE", "governance"), "compliance"),
		SecureCookies:     strings.EqualFold(get("LTC_SECURE_COOKIES", "false"), "true"),
		TemporalAddress:   get("LTC_TEMPORAL_ADDRESS", "127.0.0.1:57233"),
		TemporalNamespace: get("LTC_TEMPORAL_NAMESPACE", "default"),
		TemporalTLS: temporalTLS{CertFile: getenv("LTC_TEMPORAL_TLS_CERT"), KeyFile: getenv("LTC_TEMPORAL_TLS_KEY"),
			CAFile: getenv("LTC_TEMPORAL_TLS_CA"), ServerName: getenv("LTC_TEMPORAL_TLS_SERVER_NAME"),
			APIKey: getenv("LTC_TEMPORAL_API_KEY")},
		TokenSecret:    get("LTC_TOKEN_SECRET", devTokenSecret),
		PayloadKey:     get("LTC_PAYLOAD_KEY", payload.DevelopmentKey),
		CodecOrigin:    strings.TrimRight(strings.TrimSpace(getenv("LTC_CODEC_CORS_ORIGIN")), "/"),
		ActionTimeout:  duration(get("LTC_ACTION_TIMEOUT", "10s")),
		SMSURL:         getenv("LTC_SMS_URL"),
		SMSKey:         getenv("LTC_SMS_KEY"),
		SMSSignature:   get("LTC_SMS_SIGNATURE", "长护险"),
		DevOutbox:      getenv("LTC_DEV_OUTBOX") == "1",
		PublicURL:      strings.TrimRight(get("LTC_PUBLIC_URL", "http://127.0.0.1:8080"), "/"),
		InstrumentsDir: getenv("LTC_INSTRUMENTS_DIR"),
		PoliciesDir:    getenv("LTC_POLICIES_DIR"),
		LogLevel:       level,
	}
}

// list reads a comma-separated variable; empty gives none.
func list(v string) []string {
	var out []string
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// days reads a number of days; a malformed or negative one is the ten-year
// default, so that a typo never turns the lock off (0 does, on purpose).
func days(v string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 3650
	}
	return n
}

// duration reads a duration; a malformed one falls back to ten seconds.
func duration(v string) time.Duration {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 10 * time.Second
	}
	return d
}
