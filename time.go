package ltc

import "time"

// China is Beijing time (UTC+8, no daylight saving): every date on a form,
// every day counted and every deadline is a Beijing one.
var China = time.FixedZone("CST", 8*60*60)
