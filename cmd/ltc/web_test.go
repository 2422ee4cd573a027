package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc"
)

// TestPagesLifecycle walks a demo-region case through the pages, clicking
// as each role in turn: a family applies on a phone with a photo, a
// caseworker accepts, the team confirms and fills the visit form on phones
// (the network cut mid-form, the draft back after a reload), the experts
// confirm, the public sees the masked publicity list, the family reads the
// decision. Screenshots of every page go to .test/screenshots/.
func TestPagesLifecycle(t *testing.T) {
	codes := captureCodes(t)
	s := startStack(t)
	w := s.newWalk()
	b := newBrowser(t)
	familyPhone := newPhone()

	// 1. The family applies on a phone, with a photo from the camera.
	family := b.person(s, "family", phone)
	family.signInFamily(codes, familyPhone)
	family.shot("my-empty")
	family.open("/apply")
	fillApplication(family, w.residentID, familyPhone)
	family.upload("#f-file-camera", photo(t))
	family.shot("apply")
	family.submit(`form[action="/apply"] button[type=submit]`)
	family.waitJS(`location.pathname.startsWith("/cases/")`, 10*time.Second)
	w.id = strings.TrimPrefix(family.location()[len(s.base):], "/cases/")
	w.id = strings.SplitN(w.id, "?", 2)[0]
	if got := family.text("main"); !strings.Contains(got, "申请已提交") || !strings.Contains(got, "photo.png") {
		t.Fatalf("after applying: %s", got)
	}
	family.waitJS(`document.querySelector(".doc img") !== null && document.querySelector(".doc img").naturalWidth > 0`, 10*time.Second)
	family.shot("case-submitted")

	// 2. A caseworker accepts.
	caseworker := b.person(s, "caseworker", desktop)
	caseworker.signInStaff("cw-demo-1")
	caseworker.until("/work", "张三", 10*time.Second)
	caseworker.shot("queue")
	caseworker.until("/cases/"+w.id, "受理决定", 30*time.Second)
	caseworker.shot("case-caseworker")
	caseworker.choose("decide.decision", "accept")
	caseworker.fill(map[string]string{"decide.reason": "材料齐全"})
	caseworker.submit(`form[action$="/decide"] button`)
	if got := caseworker.text("main"); !strings.Contains(got, "已记录受理决定") {
		t.Fatalf("after accepting: %s", got)
	}

	// 3. Both assessors confirm on their phones; one fills the form, the
	// network drops halfway, and a reload brings the draft back.
	team := w.confirmTeamBy(func(id string) {
		assessor := b.person(s, id, phone)
		assessor.signInStaff(id)
		assessor.until("/assignments", "确认接单", 30*time.Second)
		assessor.shot("assignments")
		assessor.submit(`form[action="/cases/` + w.id + `/confirm-assignment"] button`)
	})
	visitor := b.person(s, team[0], phone)
	visitor.signInStaff(team[0])
	agreeVisitByPages(t, visitor, family, w.id)
	visitor.until("/cases/"+w.id, "填写上门评估表", 30*time.Second)
	visitor.open("/cases/" + w.id + "/visit")
	items := severeItems()
	answer(visitor, items[:8])
	visitor.offline(true)
	visitor.waitJS(`!document.getElementById("offline").hidden`, 5*time.Second)
	answer(visitor, items[8:])
	for _, id := range team {
		visitor.click(`input[name="signatures"][value="` + id + `"]`)
	}
	visitor.shot("visit-offline")
	visitor.click(`#visit-form button[type=submit]`) // refused on the device while offline
	if !strings.Contains(visitor.location(), "/visit") {
		t.Fatalf("an offline submit left the form: %s", visitor.location())
	}
	visitor.offline(false)
	visitor.open("/cases/" + w.id + "/visit")
	visitor.waitJS(`!document.getElementById("restored").hidden && document.querySelectorAll("#visit-form input[type=radio]:checked").length === 17`, 5*time.Second)
	if grade := visitor.text("[data-grade]"); !strings.Contains(grade, "重度失能Ⅰ级") {
		t.Fatalf("the grade computed in the browser: %q", grade)
	}
	visitor.shot("visit")
	visitor.submit(`#visit-form button[type=submit]`)
	if got := visitor.text("main"); !strings.Contains(got, "评估表已提交") {
		t.Fatalf("after the visit: %s", got)
	}

	// 4. The experts confirm from their list.
	for _, expert := range []string{"as-demo-1", "as-demo-3"} {
		tb := b.person(s, expert, desktop)
		tb.signInStaff(expert)
		tb.until("/assignments", "待评估专家确认的结论", 30*time.Second)
		tb.shot("expert-list")
		tb.submit(`form[action="/cases/` + w.id + `/confirm-conclusion"] button`)
	}

	// 5. The public sees the masked publicity list.
	public := b.person(s, "public", phone)
	public.until("/publicity?region=demo", "张*", 30*time.Second)
	if got := public.text("main"); strings.Contains(got, w.residentID) || !strings.Contains(got, w.residentID[14:]) {
		t.Fatalf("the publicity list shows: %s", got)
	}
	public.shot("publicity")

	// 6. The family reads the decision and the benefit in yuan.
	family.until("/cases/"+w.id, "评估结论有效", 60*time.Second)
	if got := family.text("main"); !strings.Contains(got, "重度失能Ⅰ级") || !strings.Contains(got, "60.00 元") {
		t.Fatalf("the decision as the family reads it: %s", got)
	}
	family.shot("decision")

	// 7. The family opens the letter from the case page; anyone checks its code.
	text := pdfText(t, family.letter())
	code := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(text)
	if !strings.Contains(text, "重度失能Ⅰ级") || code == "" {
		t.Fatalf("the letter from the page reads: %s", text)
	}
	public.open("/verify")
	public.fill(map[string]string{"code": strings.ToLower(code)})
	public.submit(`form[action="/verify"] button`)
	if got := public.text("main"); !strings.Contains(got, "由本系统出具") || !strings.Contains(got, "重度失能Ⅰ级") || !strings.Contains(got, "张*") {
		t.Fatalf("verifying %s: %s", code, got)
	}
	public.shot("verified")
	public.open("/verify?code=ABCD-EFGH-JKMN")
	if got := public.text("main"); !strings.Contains(got, "没有这份评估结论书") {
		t.Fatalf("an unknown code: %s", got)
	}

	screenshotAll(family, caseworker, public, b, s, w.id)
}

// screenshotAll takes every page, at phone and desktop sizes.
func screenshotAll(family, caseworker, public *tab, b *browser, s *stack, caseID string) {
	public.shots(map[string]string{"home": "/", "guide": "/guide?region=demo", "verify": "/verify",
		"signin": "/signin", "staff-signin": "/staff/signin", "publicity-list": "/publicity?region=demo",
		"objection": "/publicity/" + caseID + "/objection", "not-found": "/no-such-page"})
	family.shots(map[string]string{"my": "/my", "apply-form": "/apply", "case-family": "/cases/" + caseID})
	caseworker.shots(map[string]string{"work": "/work", "paper-application": "/work/apply", "case-staff": "/cases/" + caseID})
	admin := b.person(s, "admin", desktop)
	admin.signInStaff("ad-demo-1")
	admin.shots(map[string]string{"roster": "/admin/roster", "enrolments": "/admin/enrolments"})
	committee := b.person(s, "committee", desktop)
	committee.signInStaff("cm-demo-1")
	committee.shots(map[string]string{"committee": "/committee"})
	national := b.person(s, "national", desktop)
	national.signInStaff("na-demo-1")
	national.shots(map[string]string{"calendar": "/national/calendar"})
}

func fillApplication(tb *tab, residentID, familyPhone string) {
	tb.fill(map[string]string{"person.name": "张三", "person.resident_id": residentID, "person.phone": "13800138000",
		"address": "演示市幸福路1号", "onset_date": "2025-03-01", "diagnosis": "脑梗死后遗症", "hospital": "演示市中心医院",
		"agent.name": "张小三", "agent.phone": familyPhone, "agent.relationship": "child"})
	tb.run(setSelect(`select[name="region"]`, "demo"))
	tb.choose("scheme", "employee")
	tb.choose("care_setting", "home")
	for item, v := range map[string]string{"eating": "dependent", "continence": "dependent", "bathing": "dependent",
		"dressing": "dependent", "toileting": "independent", "transfer": "independent"} {
		tb.choose("self_assessment.items."+item, v)
	}
	tb.choose("consent.visit", "yes")
	tb.choose("consent.publicity", "yes")
}

// severeItems are the README's severe form (重度失能Ⅰ级) as name, points pairs.
func severeItems() [][2]string {
	var out [][2]string
	for _, code := range []string{"eating", "dressing", "grooming", "bowel", "bladder", "toileting", "walking", "transfer",
		"stairs", "bathing", "time_orientation", "person_orientation", "place_orientation", "memory", "vision", "hearing", "communication"} {
		out = append(out, [2]string{"items." + code, fmt.Sprint(severeForm["items"].(map[string]any)[code])})
	}
	return out
}

// agreeVisitByPages has the assessor offer a time in the coming minutes
// (Beijing time, whatever the machine's zone), the family choose it and name
// who will be there; the agreed time then shows on both sides.
func agreeVisitByPages(t *testing.T, assessor, family *tab, caseID string) {
	t.Helper()
	assessor.until("/cases/"+caseID, "提出时间", 30*time.Second)
	start := time.Now().Add(3 * time.Minute).In(ltc.China).Truncate(time.Minute)
	if start.Add(30*time.Minute).Day() != start.Day() { // the form's times are of one day
		start = time.Date(start.Year(), start.Month(), start.Day()+1, 0, 1, 0, 0, ltc.China)
	}
	end := start.Add(30 * time.Minute)
	assessor.fill(map[string]string{"propose-visit.date1": start.Format("2006-01-02"),
		"propose-visit.start1": start.Format("15:04"), "propose-visit.end1": end.Format("15:04")})
	assessor.shot("visit-propose")
	assessor.submit(`form[action$="/propose-visit"] button`)
	if got := assessor.text("main"); !strings.Contains(got, "已提出上门时间") {
		t.Fatalf("after proposing: %s", got)
	}
	when := fmt.Sprintf("%d年%d月%d日 %s–%s", start.Year(), start.Month(), start.Day(), start.Format("15:04"), end.Format("15:04"))
	family.until("/cases/"+caseID, when, 30*time.Second)
	family.submit(`form[action$="/choose-visit"] button`) // nothing chosen yet
	if got := family.text("main"); !strings.Contains(got, "请选择一个时间") && !strings.Contains(got, "请填写这一项") {
		t.Fatalf("a choice without a time: %s", got)
	}
	family.choose("choose-visit.slot", "0")
	family.fill(map[string]string{"choose-visit.present": "张小三"})
	family.shot("visit-choose")
	family.submit(`form[action$="/choose-visit"] button`)
	if got := family.text("main"); !strings.Contains(got, "上门时间已约定") || !strings.Contains(got, when) || !strings.Contains(got, "张小三") {
		t.Fatalf("after choosing: %s", got)
	}
	assessor.until("/cases/"+caseID, when, 30*time.Second)
}

func answer(tb *tab, items [][2]string) {
	for _, it := range items {
		tb.choose(it[0], it[1])
	}
}

// photo is a small PNG, as a phone's camera would hand over.
func photo(t *testing.T) string {
	img := image.NewRGBA(image.Rect(0, 0, 160, 120))
	for x := range 160 {
		for y := range 120 {
			img.Set(x, y, color.RGBA{R: uint8(x), G: 120, B: uint8(y * 2), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "photo.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
