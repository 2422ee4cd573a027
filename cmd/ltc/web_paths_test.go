package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"
)

// TestPagesRefuseTooManySignIns: a wrong password is said beside the field;
// after five wrong ones even the right password is refused for a while.
func TestPagesRefuseTooManySignIns(t *testing.T) {
	s := startStack(t, "serve")
	b := newBrowser(t)
	account := "cw-" + uuid.NewString()[:8]
	admin := b.person(s, "admin", desktop)
	admin.signInStaff("ad-demo-1")
	admin.open("/admin/roster")
	admin.fill(map[string]string{"staff.id": account, "staff.name": "经办员测试"})
	admin.choose("staff.role", "caseworker")
	admin.submit(`form[action="/admin/roster"] button`)
	admin.run(setSelect(`select[name="password.staff"]`, account))
	admin.fill(map[string]string{"password.password": "a-long-password"})
	admin.submit(`form[action="/admin/roster/password"] button`)
	if got := admin.text("main"); !strings.Contains(got, "密码已设置") {
		t.Fatalf("setting the password: %s", got)
	}

	staff := b.person(s, "staff", phone)
	signIn := func(password string) string {
		staff.open("/staff/signin")
		staff.fill(map[string]string{"account": account, "password": password})
		staff.submit(`form[action="/staff/signin"] button`)
		return staff.text("main")
	}
	if got := signIn("wrong-password"); !strings.Contains(staff.text(".has-error .field-error"), "工号或密码不正确") {
		t.Fatalf("a wrong password: %s", got)
	}
	staff.shot("signin-wrong-password")
	for range 4 {
		signIn("wrong-password")
	}
	if got := signIn("a-long-password"); !strings.Contains(got, "尝试次数过多") || !strings.Contains(staff.location(), "/staff/signin") {
		t.Fatalf("the right password after five wrong ones: %s", got)
	}
	staff.shot("signin-too-many")
}

// TestPagesRefuseFormWithoutCSRFToken: a form sent without its token, or
// with another visitor's, is refused with a page that says so; nothing is done.
func TestPagesRefuseFormWithoutCSRFToken(t *testing.T) {
	codes := captureCodes(t)
	s := startStack(t, "serve")
	b := newBrowser(t)
	family := b.person(s, "family", phone)
	family.signInFamily(codes, newPhone())
	family.open("/my")
	family.run(evaluate(`document.querySelector('form[action="/signout"] input[name=csrf]').remove()`))
	family.submit(`form[action="/signout"] button`)
	if got := family.text("main"); !strings.Contains(got, "此表单已失效或不是从本网站提交的") {
		t.Fatalf("a form without its token: %s", got)
	}
	family.shot("csrf-refused")
	if status := family.open("/my"); status != http.StatusOK || !strings.Contains(family.location(), "/my") {
		t.Fatalf("the refused sign-out signed the family out: %d %s", status, family.location())
	}
	var status int
	family.run(evaluateTo(`fetch("/signout", {method: "POST", body: new URLSearchParams({csrf: "forged"})}).then(r => r.status)`, &status))
	if status != http.StatusForbidden {
		t.Fatalf("a forged token: %d", status)
	}
}

// TestPagesHideAnotherFamilysCase: a family opening another family's case
// gets a not-found page; the family the case was filed for sees it.
func TestPagesHideAnotherFamilysCase(t *testing.T) {
	codes := captureCodes(t)
	s := startStack(t)
	w := s.newWalk()
	phoneA, phoneB := newPhone(), newPhone()
	app := application(w.residentID)
	app["agent"].(map[string]any)["phone"] = phoneA
	created := s.json("POST", "/api/v1/cases", w.applicant, app, nil)
	if created.status != http.StatusCreated {
		t.Fatalf("apply: %d %s", created.status, created.raw)
	}
	id := created.body["id"].(string)
	b := newBrowser(t)
	other := b.person(s, "another family", phone)
	other.signInFamily(codes, phoneB)
	if status := other.open("/cases/" + id); status != http.StatusNotFound || !strings.Contains(other.text("main"), "没有这个案件") {
		t.Fatalf("another family's case: %d %s", status, other.text("main"))
	}
	other.shot("case-not-found")
	own := b.person(s, "the family", phone)
	own.signInFamily(codes, phoneA)
	if status := own.open("/cases/" + id); status != http.StatusOK || !strings.Contains(own.text("main"), "张三") {
		t.Fatalf("the family's own case: %d %s", status, own.text("main"))
	}
}

// TestPagesShowFieldErrorsInChinese: a wrong ID number comes back in
// Chinese beside its field, with everything typed kept.
func TestPagesShowFieldErrorsInChinese(t *testing.T) {
	codes := captureCodes(t)
	s := startStack(t, "serve")
	b := newBrowser(t)
	family := b.person(s, "family", phone)
	family.signInFamily(codes, newPhone())
	family.open("/apply")
	fillApplication(family, "110105194912310021", newPhone()) // a wrong check character
	family.submit(`form[action="/apply"] button[type=submit]`)
	beside := family.text(`.field.has-error:has(#f-person\.resident_id) .field-error`)
	if !strings.Contains(beside, "公民身份号码无效") {
		t.Fatalf("beside the ID number: %q; page: %s", beside, family.text("main"))
	}
	var name string
	family.run(evaluateTo(`document.getElementById("f-person.name").value`, &name))
	if name != "张三" {
		t.Fatalf("the name typed was lost: %q", name)
	}
	family.shot("apply-field-error")
}

// TestPagesObjectionAndVote: the public objects on the publicity page, a
// caseworker checks it (核实), the re-assessment differs, and the
// committee members vote on their pages.
func TestPagesObjectionAndVote(t *testing.T) {
	s := startStack(t)
	roster := `{"staff":[{"id":"as-demo-5","role":"assessor","name":"评估专家周医生","region":"demo","institution_id":"inst-demo-1","is_expert":true},
		{"id":"as-demo-6","role":"assessor","name":"评估员吴敏","region":"demo","institution_id":"inst-demo-1"}]}`
	if r := s.do("PUT", "/api/v1/admin/roster", s.token("admin", "ad-demo-1"), strings.NewReader(roster), nil); r.status != http.StatusOK {
		t.Fatalf("roster: %d %s", r.status, r.raw)
	}
	w := s.newWalk()
	w.id = s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil).body["id"].(string)
	w.accept()
	w.visit(w.confirmTeam())
	b := newBrowser(t)

	public := b.person(s, "public", phone)
	public.until("/publicity?region=demo", "张*", 30*time.Second)
	public.open("/publicity/" + w.id + "/objection")
	public.fill(map[string]string{"contact": "12345", "reason": "邻居反映其生活可以自理"})
	public.submit(`form button[type=submit]`)
	if got := public.text(`.field.has-error .field-error`); !strings.Contains(got, "手机号码") {
		t.Fatalf("a bad contact number: %q", got)
	}
	public.fill(map[string]string{"contact": "13700137000"})
	public.submit(`form button[type=submit]`)
	if got := public.text("main"); !strings.Contains(got, "异议已收到") {
		t.Fatalf("the objection: %s", got)
	}

	caseworker := b.person(s, "caseworker", desktop)
	caseworker.signInStaff("cw-demo-1")
	caseworker.until("/cases/"+w.id, "核实公众异议", 30*time.Second)
	caseworker.shot("objection-check")
	caseworker.choose("check-objection.finding", "substantiated")
	caseworker.fill(map[string]string{"check-objection.reason": "电话回访，邻居所述属实"})
	caseworker.submit(`form[action$="/check-objection"] button`)
	if got := caseworker.text("main"); !strings.Contains(got, "已记录核实结果") {
		t.Fatalf("the check: %s", got)
	}

	second := w.confirmTeam()
	milder := map[string]any{}
	for k, v := range severeForm["items"].(map[string]any) {
		milder[k] = v
	}
	milder["eating"] = 10
	w.visitWith(second, milder)
	for _, member := range []string{"cm-demo-1", "cm-demo-2", "cm-demo-3"} {
		tb := b.person(s, member, desktop)
		tb.signInStaff(member)
		tb.until("/committee", "待复核裁决的争议", 10*time.Second)
		tb.until("/cases/"+w.id, "专家委员会表决", 60*time.Second)
		if member == "cm-demo-1" {
			if diff := tb.text("tr.diff"); !strings.Contains(diff, "进食") {
				t.Fatalf("the differing item is not highlighted: %q", diff)
			}
			tb.shot("committee-case")
			tb.choose("vote.grade", "3")
			tb.submit(`form[action$="/vote"] button`) // a vote without its reason
			if got := tb.text(`.field.has-error:has(#f-vote\.reason) .field-error`); !strings.Contains(got, "请填写这一项") {
				t.Fatalf("a vote without a reason: beside the reason %q; page: %s", got, tb.text("main"))
			}
			tb.shot("committee-vote-without-reason")
		}
		tb.choose("vote.grade", "3")
		tb.fill(map[string]string{"vote.reason": "维持原结论"})
		tb.submit(`form[action$="/vote"] button`)
		if got := tb.text("main"); !strings.Contains(got, "表决已记录") {
			t.Fatalf("the vote of %s: %s", member, got)
		}
	}
	w.waitFor(func(b map[string]any) bool { return b["status"] == "valid" }, 30*time.Second)
}

// TestPagesSwitchLanguageWhereThePersonIs: the English switch keeps the
// page and its query (the publicity list's region, the guide's, the queue's
// filters), and on a page shown for a form that came back it leads to a
// page that opens, not to a not-found page.
func TestPagesSwitchLanguageWhereThePersonIs(t *testing.T) {
	captureCodes(t) // the code is asked for and never entered right
	s := startStack(t)
	w := s.newWalk()
	b := newBrowser(t)

	public := b.person(s, "public", phone)
	public.open("/publicity?region=demo")
	if status := public.switchLanguage(); status != http.StatusOK || !strings.HasSuffix(public.location(), "/publicity?region=demo") ||
		public.text("h1") != "Publicity of assessment conclusions" {
		t.Fatalf("English on the publicity list: %d %s %q", status, public.location(), public.text("h1"))
	}
	public.shot("publicity-english")
	public.open("/guide?region=xuzhou")
	public.switchLanguage()
	var region string
	public.run(evaluateTo(`document.getElementById("f-region").value`, &region))
	if !strings.HasSuffix(public.location(), "/guide?region=xuzhou") || region != "xuzhou" || public.text("h1") != "申请须知" {
		t.Fatalf("back to Chinese on the guide: %s, region %q, %q", public.location(), region, public.text("h1"))
	}

	family := b.person(s, "family", phone)
	family.open("/signin")
	family.fill(map[string]string{"phone": newPhone()})
	family.submit(`form[action="/signin/code"] button`)
	family.fill(map[string]string{"code": "12345"}) // five digits: never the code
	family.submit(`form[action="/signin/family"] button`)
	if family.text(".has-error .field-error") == "" {
		t.Fatalf("a wrong code: %s", family.text("main"))
	}
	if status := family.switchLanguage(); status != http.StatusOK || !strings.HasSuffix(family.location(), "/signin") ||
		family.text("h1") != "Sign in with your phone" {
		t.Fatalf("English after a wrong code: %d %s %s", status, family.location(), family.text("main"))
	}

	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	if created.status != http.StatusCreated {
		t.Fatalf("apply: %d %s", created.status, created.raw)
	}
	id := created.body["id"].(string)
	caseworker := b.person(s, "caseworker", desktop)
	caseworker.signInStaff("cw-demo-1")
	caseworker.open("/work?status=awaiting_acceptance&deadline=2099-12-31")
	caseworker.switchLanguage()
	var filters string
	caseworker.run(evaluateTo(`document.getElementById("f-status").value + " " + document.getElementById("f-deadline").value`, &filters))
	if filters != "awaiting_acceptance 2099-12-31" || caseworker.text("h1") != "Work queue" {
		t.Fatalf("the queue's filters after the switch: %q on %s", filters, caseworker.location())
	}
	caseworker.switchLanguage()
	caseworker.until("/cases/"+id, "受理决定", 30*time.Second)
	caseworker.submit(`form[action$="/decide"] button`) // no decision chosen
	if caseworker.text(".has-error .field-error") == "" {
		t.Fatalf("a decision without a choice: %s", caseworker.text("main"))
	}
	if status := caseworker.switchLanguage(); status != http.StatusOK || !strings.HasSuffix(caseworker.location(), "/cases/"+id) ||
		!strings.Contains(caseworker.text("main"), "Decide on the application") {
		t.Fatalf("English after a form error on the case page: %d %s %s", status, caseworker.location(), caseworker.text("main"))
	}
}

// TestPagesUploadFromTheCameraOrSavedFiles: the family's forms offer the
// camera and, apart from it, saved photos and PDFs (capture alone opens only
// the camera on a phone); a PDF chosen from the files is stored, the bytes
// as sent, and a photo through the camera input too.
func TestPagesUploadFromTheCameraOrSavedFiles(t *testing.T) {
	codes := captureCodes(t)
	s := startStack(t)
	w := s.newWalk()
	b := newBrowser(t)
	familyPhone := newPhone()
	family := b.person(s, "family", phone)
	family.signInFamily(codes, familyPhone)
	family.open("/apply")
	checkFileInputs(t, family, "f-file")
	fillApplication(family, w.residentID, familyPhone)
	diagnosis := pdfFile(t, "diagnosis.pdf")
	family.upload("#f-file", diagnosis)
	if got := family.text(`[data-chosen-for="f-file"]`); got != "已选择：diagnosis.pdf" {
		t.Fatalf("the form says of the chosen file: %q", got)
	}
	family.submit(`form[action="/apply"] button[type=submit]`)
	family.waitJS(`location.pathname.startsWith("/cases/")`, 10*time.Second)
	if got := family.text("main"); !strings.Contains(got, "申请已提交") || strings.Contains(got, "没有上传成功") {
		t.Fatalf("after applying with a PDF: %s", got)
	}
	checkStored(t, family, "diagnosis.pdf", diagnosis)

	checkFileInputs(t, family, "f-evidence")
	discharge := pdfFile(t, "discharge.pdf")
	family.upload("#f-evidence", discharge)
	family.submit(`form[action$="/evidence"] button`)
	if got := family.text("main"); !strings.Contains(got, "材料已上传") {
		t.Fatalf("after uploading a PDF: %s", got)
	}
	checkStored(t, family, "discharge.pdf", discharge)
	family.upload("#f-evidence-camera", photo(t))
	family.submit(`form[action$="/evidence"] button`)
	checkStored(t, family, "photo.png", "")
	family.shot("case-documents")

	// A phone's browser frames no PDF: the family gets a button to open it.
	family.run(chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(`Object.defineProperty(navigator, "pdfViewerEnabled", {get: () => false})`).Do(ctx)
		return err
	}))
	family.open(strings.TrimPrefix(family.location(), s.base))
	var frames, buttons int
	family.run(evaluateTo(`document.querySelectorAll("iframe[data-pdf]").length`, &frames),
		evaluateTo(`[...document.querySelectorAll("a[data-pdf-link]")].filter(a => !a.hidden && a.textContent === "打开 PDF 文件").length`, &buttons))
	if frames != 0 || buttons != 2 {
		t.Fatalf("without a PDF viewer: %d frames, %d buttons to open the PDFs", frames, buttons)
	}
}

// checkFileInputs finds the camera input and the files input of a form.
func checkFileInputs(t *testing.T, tb *tab, id string) {
	t.Helper()
	var got struct {
		CameraLabel, CameraAccept, FilesLabel, FilesAccept string
		CameraCapture, FilesCapture, FilesMultiple         bool
	}
	tb.run(evaluateTo(`(() => {
		const cam = document.getElementById("`+id+`-camera"), files = document.getElementById("`+id+`");
		const label = el => el ? document.querySelector('label[for="' + el.id + '"]').textContent.trim() : "";
		return {CameraLabel: label(cam), CameraAccept: cam ? cam.accept : "", CameraCapture: !!cam && cam.hasAttribute("capture"),
			FilesLabel: label(files), FilesAccept: files ? files.accept : "", FilesCapture: !!files && files.hasAttribute("capture"),
			FilesMultiple: !!files && files.multiple};
	})()`, &got))
	if got.CameraLabel != "拍照上传" || !got.CameraCapture || !strings.HasPrefix(got.CameraAccept, "image/") {
		t.Errorf("%s: the camera input: %+v", id, got)
	}
	if got.FilesLabel != "从相册或文件选择" || got.FilesCapture || !got.FilesMultiple || !strings.Contains(got.FilesAccept, "application/pdf") {
		t.Errorf("%s: the files input: %+v", id, got)
	}
	if t.Failed() {
		t.FailNow()
	}
}

// checkStored finds the file among the case's documents and, given its
// path, fetches it from storage through the page's link: the bytes sent.
func checkStored(t *testing.T, tb *tab, filename, path string) {
	t.Helper()
	var link string
	tb.run(evaluateTo(`(() => { const a = [...document.querySelectorAll(".doc figcaption a")].find(a => a.textContent === "`+filename+`");
		return a ? a.href : ""; })()`, &link))
	if link == "" {
		t.Fatalf("%s is not among the documents: %s", filename, tb.text("#docs + .docs"))
	}
	if path == "" {
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(got, want) {
		t.Fatalf("%s from storage: %d, %d bytes, want %d", filename, resp.StatusCode, len(got), len(want))
	}
}

// pdfFile is a small PDF, as a family would have saved from a hospital.
func pdfFile(t *testing.T, name string) string {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte("%PDF-1.4\n% 诊断证明\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
