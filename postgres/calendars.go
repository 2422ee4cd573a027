package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc/calendar"
)

// SaveCalendarYear stores (or replaces) one year's arrangement.
func (db *DB) SaveCalendarYear(ctx context.Context, y calendar.Year, by string) error {
	data, err := json.Marshal(y)
	if err != nil {
		return fmt.Errorf("encode calendar: %w", err)
	}
	_, err = db.pool.Exec(ctx, `
		INSERT INTO calendar_years (year, data, loaded_by) VALUES ($1, $2, $3)
		ON CONFLICT (year) DO UPDATE SET data = EXCLUDED.data, loaded_by = EXCLUDED.loaded_by, loaded_at = now()`,
		y.Year, data, by)
	return dbError("store calendar", err)
}

// CalendarYears returns every year an administrator loaded.
func (db *DB) CalendarYears(ctx context.Context) ([]calendar.Year, error) {
	rows, err := db.pool.Query(ctx, `SELECT data FROM calendar_years ORDER BY year`)
	if err != nil {
		return nil, dbError("read calendars", err)
	}
	years, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (calendar.Year, error) {
		var y calendar.Year
		var data []byte
		if err := row.Scan(&data); err != nil {
			return y, err
		}
		return y, json.Unmarshal(data, &y)
	})
	return years, dbError("read calendars", err)
}
