// Package migrations holds the database schema as SQL files, applied in order
// by golang-migrate (see postgres.Migrate).
package migrations

import "embed"

// FS holds every *.sql migration.
//
//go:embed *.sql
var FS embed.FS
