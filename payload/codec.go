// Package payload encrypts what the system sends through Temporal: workflow
// inputs, update arguments, activity inputs and results may carry personal
// or health data (names in reasons, a hospital stay), and Temporal stores
// them. Search attributes are not payloads and carry no personal data.
package payload

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
)

const (
	encoding    = "binary/encrypted" // the metadata encoding of an encrypted payload
	metaKeyID   = "encryption-key-id"
	metaEncoder = "encoding"
)

// DevelopmentKey encrypts payloads when no key is configured: for local
// development, tests and the recorded histories only.
const DevelopmentKey = "bG9jYWwtZGV2ZWxvcG1lbnQtb25seS1rZXktMzJieXQ="

// Codec encrypts payloads with AES-256-GCM.
type Codec struct {
	aead  cipher.AEAD
	keyID string
}

// NewCodec takes a base64-encoded 32-byte key.
func NewCodec(key string) (*Codec, error) {
	raw, err := base64.StdEncoding.DecodeString(key)
	if err != nil || len(raw) != 32 {
		return nil, fmt.Errorf("the payload key must be 32 bytes, base64-encoded")
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(raw)
	return &Codec{aead: aead, keyID: base64.RawURLEncoding.EncodeToString(sum[:6])}, nil
}

// DataConverter wraps the default converter with this codec.
func (c *Codec) DataConverter() converter.DataConverter {
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), c)
}

// Encode encrypts each payload whole (data and metadata).
func (c *Codec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		plain, err := p.Marshal()
		if err != nil {
			return nil, err
		}
		nonce := make([]byte, c.aead.NonceSize())
		if _, err := rand.Read(nonce); err != nil {
			return nil, err
		}
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{metaEncoder: []byte(encoding), metaKeyID: []byte(c.keyID)},
			Data:     c.aead.Seal(nonce, nonce, plain, nil),
		}
	}
	return out, nil
}

// Decode decrypts payloads this codec encrypted and passes others through.
func (c *Codec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.Metadata[metaEncoder]) != encoding {
			out[i] = p
			continue
		}
		if got := string(p.Metadata[metaKeyID]); got != c.keyID {
			return nil, fmt.Errorf("payload encrypted with key %s, not this key %s", got, c.keyID)
		}
		n := c.aead.NonceSize()
		if len(p.Data) < n {
			return nil, fmt.Errorf("encrypted payload too short")
		}
		plain, err := c.aead.Open(nil, p.Data[:n], p.Data[n:], nil)
		if err != nil {
			return nil, fmt.Errorf("decrypt payload: %w", err)
		}
		var decoded commonpb.Payload
		if err := decoded.Unmarshal(plain); err != nil {
			return nil, err
		}
		out[i] = &decoded
	}
	return out, nil
}
