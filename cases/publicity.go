package cases

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/google/uuid"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/workflows"
)

// Published is a case on the publicity list, before masking.
type Published struct {
	CaseID      string
	Region      string
	Name        string
	ResidentID  string
	GradeName   string
	PublishedAt time.Time
}

// PublicEntry is one line of the community publicity list (公示): personal data masked.
type PublicEntry struct {
	CaseID      string    `json:"case_id"`
	Region      string    `json:"region"`
	Name        string    `json:"name"`
	ResidentID  string    `json:"resident_id"`
	GradeName   string    `json:"grade_name"`
	PublishedAt time.Time `json:"published_at"`
}

// PublicityList is open to anyone: the cases in publicity, names and ID numbers masked.
func (s *Service) PublicityList(ctx context.Context, region string) ([]PublicEntry, error) {
	list, err := s.Store.PublicityList(ctx, region)
	if err != nil {
		return nil, err
	}
	out := make([]PublicEntry, len(list))
	for i, p := range list {
		out[i] = PublicEntry{CaseID: p.CaseID, Region: p.Region, Name: ltc.MaskName(p.Name),
			ResidentID: forms.ResidentID(p.ResidentID).Masked(), GradeName: p.GradeName, PublishedAt: p.PublishedAt}
	}
	return out, nil
}

// PublicObjection is an objection from the public, with the objector's
// contact, which only caseworkers see: it is kept apart from the history.
type PublicObjection struct {
	ID        string     `json:"id"`
	CaseID    string     `json:"case_id"`
	Reason    string     `json:"reason"`
	Contact   string     `json:"contact"`
	Client    string     `json:"-"` // a hash of the client address, for rate limits
	CreatedAt time.Time  `json:"created_at"`
	Finding   string     `json:"finding,omitempty"` // substantiated or unsubstantiated, once checked
	CheckedAt *time.Time `json:"checked_at,omitempty"`
}

// Limits on public objections, which anyone may send without signing in.
const (
	objectionsPerClientPerHour = 5
	objectionsPerCasePerDay    = 20
)

// notInPublicity is the one answer for a case that is not in publicity,
// whatever became of it (unknown, closed, decided): nothing is revealed.
func notInPublicity() error {
	return ltc.Errorf(ltc.ENotFound, "该案件不在公示期内", "this case is not in its publicity period")
}

// ObjectPublicly takes an objection from anyone during publicity. A
// caseworker checks it (核实) before anything else happens; client is the
// caller's network address, hashed before it is stored.
func (s *Service) ObjectPublicly(ctx context.Context, client, id, reason, contact string) error {
	public := ltc.Actor{ID: "public", Role: ltc.RolePublic}
	if _, err := uuid.Parse(id); err != nil {
		return notInPublicity()
	}
	c, err := s.Store.GetCase(ctx, id)
	if err != nil || !ltc.Permits(public.Role, []ltc.Relation{ltc.RelAnyone}, ltc.ActionObjectPublic, c.Status) {
		if ltc.CodeOf(err) == ltc.EUnavailable {
			return err
		}
		return notInPublicity()
	}
	clientHash := hashed(client)
	if err := s.limit(ctx, "objection-client:"+clientHash, time.Hour, objectionsPerClientPerHour); err != nil {
		return err
	}
	if err := s.limit(ctx, "objection-case:"+c.ID, 24*time.Hour, objectionsPerCasePerDay); err != nil {
		return err
	}
	o := PublicObjection{ID: uuid.NewString(), CaseID: c.ID, Reason: reason, Contact: contact, Client: clientHash, CreatedAt: s.Now()}
	if err := s.Store.RecordPublicObjection(ctx, o); err != nil {
		return err
	}
	arg := workflows.ObjectionRequest{Actor: public, Public: true, Reason: reason, ObjectionID: o.ID}
	err = s.update(ctx, c, o.ID, workflows.UpdateObject, arg)
	if e := ltc.CodeOf(err); e == ltc.EConflict || e == ltc.ENotFound {
		return notInPublicity() // the period ended meanwhile
	}
	return err
}

// PublicObjections lists a case's public objections with the objectors'
// contacts, for the caseworkers who check them.
func (s *Service) PublicObjections(ctx context.Context, a ltc.Actor, id string) ([]PublicObjection, error) {
	c, rels, err := s.open(ctx, a, id, ltc.ActionView)
	if err != nil {
		return nil, err
	}
	if a.Role != ltc.RoleCaseworker || !ltc.Permits(a.Role, rels, ltc.ActionViewPersonal, c.Status) {
		return nil, ltc.Errorf(ltc.EForbidden, "只有经办人员可以查看异议人的联系方式", "only caseworkers see objectors' contacts")
	}
	return s.Store.PublicObjections(ctx, c.ID)
}

func hashed(s string) string {
	sum := sha256.Sum256([]byte("ltc-client\x00" + s))
	return hex.EncodeToString(sum[:12])
}
