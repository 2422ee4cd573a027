package letter

import (
	"os"
	"os/exec"
	"testing"
)

// needTool is the path of a poppler tool. Without it the test fails under
// LTC_INTEGRATION=1 (make test) and skips otherwise, saying how to install it.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	missing(t, name+" is missing: install poppler-utils (scripts/services.sh install, or apt-get install poppler-utils)")
	return ""
}

// needFont fails or skips, as needTool does, when the default font is missing.
func needFont(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(fontPath()); err != nil {
		missing(t, fontPath()+" is missing: install "+FontPackage+" (scripts/services.sh install, or apt-get install "+FontPackage+")")
	}
}

func missing(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("LTC_INTEGRATION") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}
