package cases

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"

	"github.com/google/uuid"
	commonpb "go.temporal.io/api/common/v1"

	"github.com/changhu/ltc"
)

// MayUseCodec says whether the actor may have Temporal payloads decrypted
// (the operators' codec endpoint): an administrator of a region, the one
// role that may see the personal data of cases (those of its region) and
// looks after the system. The national administration keeps the holiday
// calendar and sees no case, so it may not read their payloads.
func (s *Service) MayUseCodec(a ltc.Actor) error {
	return requireAdmin(a)
}

// maxCodecCases bounds the cases one decode may name.
const maxCodecCases = 20

// Decoded checks payloads decrypted for an administrator and logs the read
// in the access log, before they are handed out. A payload that names its
// case (a workflow's or an activity's input carries CaseID) must be of a case
// of the administrator's region; the read is logged against each case named,
// and against none when no payload names one.
func (s *Service) Decoded(ctx context.Context, a ltc.Actor, payloads []*commonpb.Payload) error {
	if err := s.MayUseCodec(a); err != nil {
		return err
	}
	var named []string
	anonymous := false
	for _, p := range payloads {
		id := caseIDOf(p)
		switch {
		case id == "":
			anonymous = true
		case !slices.Contains(named, id):
			named = append(named, id)
		}
	}
	if len(named) > maxCodecCases {
		return ltc.Errorf(ltc.EInvalid, "一次解码涉及的案件过多", "one decode names too many cases")
	}
	detail := strconv.Itoa(len(payloads)) + " payloads"
	var found []string
	for _, id := range named {
		c, err := s.Store.GetCase(ctx, id)
		var e *ltc.Error
		if errors.As(err, &e) && e.Code == ltc.ENotFound {
			anonymous = true // not a case of ours: logged against none
			continue
		}
		if err != nil {
			return err
		}
		if c.Region != a.Region {
			return ltc.Errorf(ltc.EForbidden, "这些数据属于其他地区的案件", "these payloads belong to a case of another region")
		}
		found = append(found, id)
	}
	for _, id := range found {
		if err := s.logAccess(ctx, a, a.Region, id, ReadCodec, detail); err != nil {
			return err
		}
	}
	if anonymous || len(found) == 0 {
		return s.logAccess(ctx, a, a.Region, "", ReadCodec, detail)
	}
	return nil
}

// caseIDOf is the case a decoded JSON payload names at its top level, if any.
func caseIDOf(p *commonpb.Payload) string {
	if p == nil || string(p.GetMetadata()["encoding"]) != "json/plain" {
		return ""
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(p.GetData(), &fields) != nil {
		return ""
	}
	for _, key := range []string{"CaseID", "case_id"} {
		var id string
		if raw, ok := fields[key]; ok && json.Unmarshal(raw, &id) == nil {
			if _, err := uuid.Parse(id); err == nil {
				return id
			}
		}
	}
	return ""
}
