package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/changhu/ltc"
)

// TestRandomActionsFollowTheLifecycle drives one case by a seeded random
// sequence of actions by random people, checked after each against a small
// model: the permission table (permissions.go) says who may act in which
// status, and the lifecycle's edges say where an action, or the system on
// its own, may move the case. No answer is a 5xx; a 2xx comes only where the
// model allows the action; the status moves only along the model's edges;
// every refusal is a 4xx with a reason in Chinese. LTC_MODEL_SEED replays a
// sequence; LTC_MODEL_STEPS sets its length (80).
func TestRandomActionsFollowTheLifecycle(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("LTC_MODEL_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("LTC_MODEL_SEED: %v", err)
		}
		seed = n
	}
	steps := 80
	if v := os.Getenv("LTC_MODEL_STEPS"); v != "" {
		steps, _ = strconv.Atoi(v)
	}
	t.Logf("seed %d (LTC_MODEL_SEED=%d replays it)", seed, seed)
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))

	s := startStack(t)
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	if created.status != http.StatusCreated {
		t.Fatalf("create: %d %s", created.status, created.raw)
	}
	w.id = created.body["id"].(string)
	m := &lifecycleModel{s: s, w: w, seed: seed, tokens: map[string]string{
		"applicant": w.applicant, "other applicant": s.token("applicant", "ap-other-"+w.residentID[12:]),
		"caseworker": w.caseworker, "other region's caseworker": s.tokenIn("caseworker", "cw-xz-1", "xuzhou"),
		"committee": s.token("committee", "cm-demo-1"),
	}}
	for _, id := range demoAssessors {
		m.tokens[id] = s.token("assessor", id)
	}
	start := time.Now()
	before := m.read(t)
	moved := map[string]int{}
	for step := range steps {
		late := step >= steps*3/4 // an action that may end the case only late in the sequence
		who := m.pick(rnd, before)
		act := modelActions[rnd.IntN(len(modelActions))]
		for act.ends && !late {
			act = modelActions[rnd.IntN(len(modelActions))]
		}
		if rnd.IntN(100) < 70 { // mostly something the model allows someone, so that the case moves on
			if a, p, ok := m.plausible(rnd, before, late); ok {
				act, who = a, p
			}
		}
		action := act.actionOf(who)
		before.late = late
		body := act.body(rnd, before)
		r := m.send(act, who, body)
		after := m.read(t)
		where := fmt.Sprintf("seed %d step %d: %s by %s (%s) in %s → %d", seed, step, act.name, who.name, who.id, before.status, r.status)
		switch {
		case r.status >= 500:
			t.Fatalf("%s: %.400s", where, r.raw)
		case r.status >= 400:
			e, _ := r.body["error"].(map[string]any)
			msg, _ := e["message"].(map[string]any)
			if zh, _ := msg["zh"].(string); zh == "" {
				t.Fatalf("%s: a refusal without a reason: %.400s", where, r.raw)
			}
		case r.status >= 200 && r.status < 300:
			if !m.allows(who, action, before, after) {
				t.Fatalf("%s: the model forbids it (relations %v): %.300s", where, m.relations(who, before, after), r.raw)
			}
			moved[act.name]++
		default:
			t.Fatalf("%s: %.300s", where, r.raw)
		}
		ok2xx := r.status < 300
		if !m.canMove(before.status, after.status, action, ok2xx) {
			t.Fatalf("%s: the status moved %s → %s, which the model does not allow", where, before.status, after.status)
		}
		before = after
	}
	t.Logf("seed %d: %d actions in %s, ending %s; taken: %v", seed, steps, time.Since(start).Round(time.Millisecond), before.status, moved)
}

var (
	demoAssessors = []string{"as-demo-1", "as-demo-2", "as-demo-3", "as-demo-4"}
	demoExperts   = []string{"as-demo-1", "as-demo-3"}
)

// person is who acts: a role, and a token (none for the public).
type person struct {
	name, role, id string
	token          string
}

type lifecycleModel struct {
	s      *stack
	w      *walk
	seed   uint64
	tokens map[string]string
}

// snapshot is the case as the caseworker reads it.
type snapshot struct {
	status    ltc.Status
	team      []string
	committee bool // before, or once before, the committee
	late      bool // late in the sequence: the case may be ended
	raw       []byte
}

func (m *lifecycleModel) read(t *testing.T) snapshot {
	t.Helper()
	r := m.s.json("GET", "/api/v1/cases/"+m.w.id, m.w.caseworker, nil, nil)
	if r.status != http.StatusOK {
		t.Fatalf("seed %d: the case cannot be read: %d %s", m.seed, r.status, r.raw)
	}
	snap := snapshot{status: ltc.Status(r.body["status"].(string)), raw: r.raw}
	for _, h := range r.body["history"].([]any) {
		e := h.(map[string]any)
		d, _ := e["details"].(map[string]any)
		if team, ok := d["team"].([]any); ok {
			snap.team = nil
			for _, id := range team {
				snap.team = append(snap.team, id.(string))
			}
		}
		switch e["action"] {
		case "assignment_declined", "recused":
			snap.team = slices.DeleteFunc(snap.team, func(id string) bool { return id == d["assessor"] })
		case "assignment_expired":
			late, _ := d["assessors"].([]any)
			snap.team = slices.DeleteFunc(snap.team, func(id string) bool { return slices.Contains(late, any(id)) })
		}
		if st := ltc.Status(fmt.Sprint(e["status"])); st == ltc.StatusCommitteeAudit || st == ltc.StatusAdjudication {
			snap.committee = true
		}
	}
	if snap.status == ltc.StatusCommitteeAudit || snap.status == ltc.StatusAdjudication {
		snap.committee = true
	}
	return snap
}

// pick is a random person: the applicant, another applicant, the caseworker,
// another region's, a team member, an assessor off the team, an expert, the
// committee or the public.
func (m *lifecycleModel) pick(rnd *rand.Rand, c snapshot) person {
	kinds := []string{"applicant", "other applicant", "caseworker", "other region's caseworker", "team member",
		"assessor off the team", "expert", "committee", "public"}
	return m.person(kinds[rnd.IntN(len(kinds))], rnd, c)
}

func (m *lifecycleModel) person(kind string, rnd *rand.Rand, c snapshot) person {
	switch kind {
	case "team member", "assessor off the team", "expert":
		var pool []string
		for _, id := range demoAssessors {
			on := slices.Contains(c.team, id)
			if kind == "team member" && on || kind == "assessor off the team" && !on || kind == "expert" && slices.Contains(demoExperts, id) {
				pool = append(pool, id)
			}
		}
		if len(pool) == 0 {
			pool = demoAssessors
		}
		id := pool[rnd.IntN(len(pool))]
		return person{name: kind, role: "assessor", id: id, token: m.tokens[id]}
	case "public":
		return person{name: kind, role: "public", id: "public"}
	case "applicant", "other applicant":
		return person{name: kind, role: "applicant", id: kind, token: m.tokens[kind]}
	case "committee":
		return person{name: kind, role: "committee", id: "cm-demo-1", token: m.tokens[kind]}
	}
	return person{name: kind, role: "caseworker", id: kind, token: m.tokens[kind]}
}

// relations is how the model sees a person stand to the case, from what the
// caseworker reads before and after the action.
func (m *lifecycleModel) relations(p person, before, after snapshot) []ltc.Relation {
	var rels []ltc.Relation
	switch p.name {
	case "applicant":
		rels = append(rels, ltc.RelApplicant)
	case "caseworker":
		rels = append(rels, ltc.RelRegion)
	case "committee":
		if before.committee || after.committee {
			rels = append(rels, ltc.RelCommittee)
		}
	case "public":
		rels = append(rels, ltc.RelAnyone)
	}
	if p.role == "assessor" {
		if slices.Contains(before.team, p.id) {
			rels = append(rels, ltc.RelTeam)
		}
		if slices.Contains(demoExperts, p.id) {
			rels = append(rels, ltc.RelExpert)
		}
	}
	return rels
}

// The lifecycle's edges: where the system moves a case on its own (timers,
// the team's completion, scoring, sampling, the end of publicity), and where
// each action may take it. Every status may also stay as it is.
var (
	systemEdges = map[ltc.Status][]ltc.Status{
		ltc.StatusSubmitted:          {ltc.StatusAwaitingAcceptance, ltc.StatusOnHold, ltc.StatusIneligible},
		ltc.StatusOnHold:             {ltc.StatusSubmitted, ltc.StatusAwaitingAcceptance, ltc.StatusIneligible},
		ltc.StatusCorrection:         {ltc.StatusRefused},
		ltc.StatusScheduling:         {ltc.StatusAwaitingVisit},
		ltc.StatusAwaitingVisit:      {ltc.StatusScheduling, ltc.StatusRefused},
		ltc.StatusAssessing:          {ltc.StatusConfirming, ltc.StatusAwaitingVisit},
		ltc.StatusConfirming:         {ltc.StatusCommitteeAudit, ltc.StatusPublicity, ltc.StatusNotice, ltc.StatusAdjudication},
		ltc.StatusCommitteeAudit:     {ltc.StatusPublicity, ltc.StatusNotice},
		ltc.StatusPublicity:          {ltc.StatusValid, ltc.StatusScheduling}, // scheduling: an objection's re-assessment
		ltc.StatusNotice:             {ltc.StatusNotQualified, ltc.StatusScheduling},
		ltc.StatusAdjudication:       {ltc.StatusValid, ltc.StatusNotQualified},
		ltc.StatusValid:              {ltc.StatusScheduling},
		ltc.StatusAwaitingAcceptance: {},
	}
	actionEdges = map[ltc.Action][]ltc.Status{ // where the action itself may put the case
		ltc.ActionDecideAcceptance:  {ltc.StatusScheduling, ltc.StatusCorrection, ltc.StatusRefused},
		ltc.ActionResubmit:          {ltc.StatusSubmitted, ltc.StatusAwaitingAcceptance},
		ltc.ActionWithdraw:          {ltc.StatusWithdrawn},
		ltc.ActionVoid:              {ltc.StatusVoid},
		ltc.ActionDeclareConflict:   {ltc.StatusScheduling},
		ltc.ActionRecordConflict:    {ltc.StatusScheduling},
		ltc.ActionAnswerAssignment:  {ltc.StatusScheduling},
		ltc.ActionRecordMissedVisit: {ltc.StatusScheduling, ltc.StatusRefused},
		ltc.ActionSubmitAssessment:  {ltc.StatusAssessing, ltc.StatusConfirming},
		ltc.ActionObject:            {ltc.StatusScheduling, ltc.StatusAdjudication},
		ltc.ActionCheckObjection:    {ltc.StatusScheduling},
		ltc.ActionVote:              {ltc.StatusPublicity, ltc.StatusNotice, ltc.StatusValid, ltc.StatusNotQualified},
		ltc.ActionRecordEvent:       {ltc.StatusEnded, ltc.StatusScheduling},
		ltc.ActionReportChange:      {ltc.StatusScheduling},
	}
)

// bySystem is every status the system may move a case to from these, these included.
func bySystem(from ...ltc.Status) []ltc.Status {
	seen := slices.Clone(from)
	for i := 0; i < len(seen); i++ {
		for _, next := range systemEdges[seen[i]] {
			if !slices.Contains(seen, next) {
				seen = append(seen, next)
			}
		}
	}
	return seen
}

// canMove: a refused action leaves the case where the system may take it;
// a taken one may also take it along its own edges from there.
func (m *lifecycleModel) canMove(from, to ltc.Status, action ltc.Action, taken bool) bool {
	reach := bySystem(from)
	if taken {
		reach = bySystem(append(reach, actionEdges[action]...)...)
	}
	return slices.Contains(reach, to)
}

// allows: the table lets the person take the action in a status the case was
// in, or that the system may have moved it to while the record catches up.
func (m *lifecycleModel) allows(p person, action ltc.Action, before, after snapshot) bool {
	rels := m.relations(p, before, after)
	return slices.ContainsFunc(bySystem(before.status), func(st ltc.Status) bool {
		return ltc.Permits(ltc.Role(p.role), rels, action, st)
	})
}

// plausible picks an action and a person the model allows in the status.
func (m *lifecycleModel) plausible(rnd *rand.Rand, c snapshot, late bool) (modelAction, person, bool) {
	type choice struct {
		a modelAction
		p person
	}
	var choices []choice
	for _, a := range modelActions {
		if a.ends && !late {
			continue
		}
		for range a.weight {
			for _, kind := range []string{"applicant", "caseworker", "team member", "expert", "committee", "public"} {
				p := m.person(kind, rnd, c)
				if ltc.Permits(ltc.Role(p.role), m.relations(p, c, c), a.actionOf(p), c.status) {
					choices = append(choices, choice{a, p})
				}
			}
		}
	}
	if len(choices) == 0 {
		return modelAction{}, person{}, false
	}
	ch := choices[rnd.IntN(len(choices))]
	return ch.a, ch.p, true
}

func (m *lifecycleModel) send(a modelAction, p person, body any) response {
	path := strings.ReplaceAll(a.path, "{id}", m.w.id)
	if a.action == ltc.ActionAddEvidence {
		return m.s.upload(m.w.id, p.token, "照片.pdf", []byte("%PDF-1.4\n模型测试"))
	}
	for range 20 { // a 503 is the workflow not taking actions yet: retried with the same key, as clients do
		r := m.s.json(a.method, path, p.token, body, map[string]string{"Idempotency-Key": "model-" + uuid.NewString()})
		if r.status != http.StatusServiceUnavailable {
			return r
		}
		time.Sleep(300 * time.Millisecond)
	}
	return m.s.json(a.method, path, p.token, body, nil)
}

// modelAction is one action of the API with a plausible body; weight makes
// some likelier; those that may end a case come late.
type modelAction struct {
	name, method, path string
	action             ltc.Action
	weight             int
	ends               bool // may close the case (withdraw, void, refuse, a death)
	body               func(rnd *rand.Rand, c snapshot) any
}

// actionOf is the action the server takes the request for: on the
// conflicts route, an assessor declares their own, anyone else records one.
func (a modelAction) actionOf(p person) ltc.Action {
	if a.action == ltc.ActionDeclareConflict || a.action == ltc.ActionRecordConflict {
		if p.role == "assessor" {
			return ltc.ActionDeclareConflict
		}
		return ltc.ActionRecordConflict
	}
	return a.action
}

func reasonBody(reasons ...string) func(*rand.Rand, snapshot) any {
	return func(rnd *rand.Rand, _ snapshot) any { return map[string]any{"reason": reasons[rnd.IntN(len(reasons))]} }
}

var modelActions = []modelAction{
	{"accept/return/refuse", "POST", "/api/v1/cases/{id}/acceptance", ltc.ActionDecideAcceptance, 3, false, func(rnd *rand.Rand, c snapshot) any {
		decision := "accept"
		switch rnd.IntN(12) {
		case 0:
			if c.late {
				decision = "refuse"
			}
		case 1, 2, 3:
			decision = "return"
		}
		return map[string]any{"decision": decision, "reason": "材料核对"}
	}},
	{"resubmit", "POST", "/api/v1/cases/{id}/resubmission", ltc.ActionResubmit, 3, false, reasonBody("已补充诊断证明")},
	{"withdraw", "POST", "/api/v1/cases/{id}/withdrawal", ltc.ActionWithdraw, 1, true, reasonBody("家属决定暂不申请")},
	{"void", "POST", "/api/v1/cases/{id}/void", ltc.ActionVoid, 1, true, reasonBody("冒用他人身份")},
	{"confirm assignment", "POST", "/api/v1/cases/{id}/assignment/confirmation", ltc.ActionAnswerAssignment, 6, false, func(*rand.Rand, snapshot) any { return map[string]any{} }},
	{"decline assignment", "POST", "/api/v1/cases/{id}/assignment/decline", ltc.ActionAnswerAssignment, 1, false, reasonBody("出差")},
	{"declare conflict", "POST", "/api/v1/cases/{id}/conflicts", ltc.ActionDeclareConflict, 1, false, reasonBody("亲属关系")},
	{"record conflict", "POST", "/api/v1/cases/{id}/conflicts", ltc.ActionRecordConflict, 1, false, func(rnd *rand.Rand, c snapshot) any {
		return map[string]any{"assessor_id": demoAssessors[rnd.IntN(len(demoAssessors))], "reason": "经核实存在利害关系"}
	}},
	{"propose visit", "POST", "/api/v1/cases/{id}/visit/proposal", ltc.ActionProposeVisit, 4, false, func(*rand.Rand, snapshot) any {
		start := time.Now().Add(20 * time.Second)
		return map[string]any{"slots": []any{map[string]any{"start": start.Format(time.RFC3339), "end": start.Add(time.Hour).Format(time.RFC3339)}}}
	}},
	{"choose visit", "POST", "/api/v1/cases/{id}/visit/choice", ltc.ActionChooseVisit, 4, false, func(*rand.Rand, snapshot) any {
		return map[string]any{"slot": 0, "present": "张小三"}
	}},
	{"move visit", "POST", "/api/v1/cases/{id}/visit/move", ltc.ActionMoveVisit, 1, false, reasonBody("家中有事")},
	{"missed visit", "POST", "/api/v1/cases/{id}/visit/missed", ltc.ActionRecordMissedVisit, 1, false, func(rnd *rand.Rand, _ snapshot) any {
		return map[string]any{"absent": []string{"family", "assessor"}[rnd.IntN(2)], "reason": "约定时间无人"}
	}},
	{"assessment", "PUT", "/api/v1/cases/{id}/assessment", ltc.ActionSubmitAssessment, 5, false, func(rnd *rand.Rand, c snapshot) any {
		items := severeForm["items"]
		if rnd.IntN(3) == 0 {
			items = mildItems
		}
		return map[string]any{"instrument": "national-2021", "items": items,
			"visited_at": time.Now().Add(-time.Hour).Format(time.RFC3339), "signatures": c.team}
	}},
	{"confirm conclusion", "POST", "/api/v1/cases/{id}/conclusion/confirmation", ltc.ActionConfirmConclusion, 6, false, func(*rand.Rand, snapshot) any { return map[string]any{} }},
	{"object", "POST", "/api/v1/cases/{id}/objections", ltc.ActionObject, 1, false, reasonBody("不服评估结论")},
	{"object publicly", "POST", "/api/v1/publicity/{id}/objections", ltc.ActionObjectPublic, 1, false, func(*rand.Rand, snapshot) any {
		return map[string]any{"reason": "生活能自理", "contact": "13700137000"}
	}},
	{"check objection", "POST", "/api/v1/cases/{id}/objection-checks", ltc.ActionCheckObjection, 1, false, func(rnd *rand.Rand, _ snapshot) any {
		return map[string]any{"objection_id": uuid.NewString(), "substantiated": rnd.IntN(2) == 0, "reason": "电话核实"}
	}},
	{"vote", "POST", "/api/v1/cases/{id}/votes", ltc.ActionVote, 4, false, func(rnd *rand.Rand, _ snapshot) any {
		return map[string]any{"grade": rnd.IntN(4) + 1, "reason": "依据评估表"}
	}},
	{"event", "POST", "/api/v1/cases/{id}/events", ltc.ActionRecordEvent, 1, true, func(rnd *rand.Rand, c snapshot) any {
		return map[string]any{"event": []string{"admission", "discharge", "admission", "discharge", "death"}[rnd.IntN(5)], "reason": "家属告知"}
	}},
	{"report change", "POST", "/api/v1/cases/{id}/events", ltc.ActionReportChange, 1, false, func(*rand.Rand, snapshot) any {
		return map[string]any{"event": "status_change", "reason": "病情加重"}
	}},
	{"significant change", "POST", "/api/v1/cases/{id}/significant-change", ltc.ActionRecordSignificantChange, 1, false, reasonBody("病情明显变化")},
	{"add evidence", "POST", "/api/v1/cases/{id}/evidence", ltc.ActionAddEvidence, 1, false, func(*rand.Rand, snapshot) any { return nil }},
}
