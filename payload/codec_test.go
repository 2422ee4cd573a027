package payload

import (
	"bytes"
	"encoding/base64"
	"testing"

	"go.temporal.io/sdk/converter"
)

func TestPayloadsAreEncryptedAndComeBack(t *testing.T) {
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	c, err := NewCodec(key)
	if err != nil {
		t.Fatal(err)
	}
	dc := c.DataConverter()
	secret := "肺炎住院，身份证 11010519491231002X"
	p, err := dc.ToPayload(secret)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(p.Data, []byte("11010519491231002X")) || bytes.Contains(p.Data, []byte("住院")) {
		t.Fatal("the payload holds the plain text")
	}
	var back string
	if err := dc.FromPayload(p, &back); err != nil || back != secret {
		t.Fatalf("got %q %v", back, err)
	}
	other, _ := NewCodec(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{8}, 32)))
	if err := other.DataConverter().FromPayload(p, &back); err == nil {
		t.Fatal("another key decrypted the payload")
	}
	plain, _ := converter.GetDefaultDataConverter().ToPayload("not encrypted")
	if err := dc.FromPayload(plain, &back); err != nil || back != "not encrypted" {
		t.Fatalf("a plain payload (from before encryption) does not pass: %v", err)
	}
	if _, err := NewCodec("short"); err == nil {
		t.Fatal("a bad key was accepted")
	}
}
