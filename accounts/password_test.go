package accounts

import (
	"strings"
	"testing"
)

func TestPasswordHashVerifies(t *testing.T) {
	hash, err := HashPassword("正确的密码-correct")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$") || strings.Contains(hash, "correct") {
		t.Fatalf("hash %q", hash)
	}
	for pw, want := range map[string]bool{"正确的密码-correct": true, "正确的密码-correcT": false, "": false} {
		if ok, err := VerifyPassword(hash, pw); ok != want || err != nil {
			t.Errorf("verify %q: %v %v, want %v", pw, ok, err, want)
		}
	}
	if again, _ := HashPassword("正确的密码-correct"); again == hash {
		t.Error("two hashes of one password are equal: no salt")
	}
}
