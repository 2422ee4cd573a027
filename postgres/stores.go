package postgres

import (
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/cases"
)

// DB is the store of the service layer and of the workflow's activities.
var (
	_ cases.Store      = (*DB)(nil)
	_ activities.Store = (*DB)(nil)
)
