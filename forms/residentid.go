package forms

import (
	"time"

	"github.com/changhu/ltc"
)

// gb11643Weights are the weights of the first 17 characters (GB 11643-1999).
var gb11643Weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// gb11643Check maps the weighted sum modulo 11 to the check character.
const gb11643Check = "10X98765432"

// ResidentID is a validated 18-character resident ID number (公民身份号码).
type ResidentID string

// ParseResidentID checks the form, the check character and the birth date,
// which must be a real date not after today.
func ParseResidentID(s string, today time.Time) (ResidentID, bool) {
	if len(s) != 18 || s[0] == '0' {
		return "", false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
		sum += int(s[i]-'0') * gb11643Weights[i]
	}
	if s[17] != gb11643Check[sum%11] {
		return "", false
	}
	id := ResidentID(s)
	birth, ok := id.birthDate()
	if !ok || birth.After(today) {
		return "", false
	}
	return id, true
}

// BirthDate is the date of birth encoded in positions 7–14.
func (id ResidentID) BirthDate() time.Time {
	d, _ := id.birthDate()
	return d
}

func (id ResidentID) birthDate() (time.Time, bool) {
	if len(id) != 18 {
		return time.Time{}, false
	}
	d, err := time.ParseInLocation("20060102", string(id[6:14]), ltc.China)
	if err != nil || d.Year() < 1800 {
		return time.Time{}, false
	}
	return d, true
}

// Masked shows only the region's first four and the last four characters, as
// the publicity list does: 3201**********1234.
func (id ResidentID) Masked() string {
	if len(id) != 18 {
		return "******************"
	}
	return string(id[:4]) + "**********" + string(id[14:])
}
