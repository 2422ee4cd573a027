package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/changhu/ltc/accounts"
	"github.com/changhu/ltc/notify"
	"github.com/changhu/ltc/postgres"
)

// Viewports the pages are tried at: a small phone and a desktop.
var (
	phone   = viewport{"phone", 375, 812, true}
	desktop = viewport{"desktop", 1280, 800, false}
)

type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

// browser is one headless Chromium for a test; each person in it has a
// browser context of their own, so cookies never mix.
type browser struct {
	t   *testing.T
	ctx context.Context
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is missing: scripts/services.sh install installs it (Debian's chromium package)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("lang", "zh-CN"), chromedp.Flag("disable-dev-shm-usage", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return &browser{t: t, ctx: ctx}
}

// tab is one person at one screen size, in a browser context of their own.
type tab struct {
	t    *testing.T
	s    *stack
	ctx  context.Context
	view viewport
	who  string
}

func (b *browser) person(s *stack, who string, v viewport) *tab {
	// A window of its own in a browser context of its own: Chromium opens
	// no tab in a new context without a window to put it in.
	exec := cdp.WithExecutor(b.ctx, chromedp.FromContext(b.ctx).Browser)
	contextID, err := target.CreateBrowserContext().Do(exec)
	if err != nil {
		b.t.Fatalf("browser context for %s: %v", who, err)
	}
	targetID, err := target.CreateTarget("about:blank").WithBrowserContextID(contextID).WithNewWindow(true).Do(exec)
	if err != nil {
		b.t.Fatalf("window for %s: %v", who, err)
	}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(targetID))
	b.t.Cleanup(cancel)
	tb := &tab{t: b.t, s: s, ctx: ctx, view: v, who: who}
	// The first run attaches the tab for the context's whole life: never
	// under a timeout, whose end would close it.
	if err := chromedp.Run(ctx, tb.size(v)); err != nil {
		b.t.Fatalf("tab for %s: %v", who, err)
	}
	return tb
}

func (tb *tab) size(v viewport) chromedp.Action {
	tb.view = v
	if v.mobile {
		return chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2))
	}
	return chromedp.EmulateViewport(v.width, v.height)
}

func (tb *tab) run(actions ...chromedp.Action) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v (page: %s)", tb.who, err, tb.location())
	}
}

func (tb *tab) location() string {
	var loc string
	ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
	defer cancel()
	_ = chromedp.Run(ctx, chromedp.Location(&loc))
	return loc
}

// open goes to a page of the stack and returns its HTTP status.
func (tb *tab) open(path string) int64 {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(tb.s.base+path))
	if err != nil {
		tb.t.Fatalf("%s: open %s: %v", tb.who, path, err)
	}
	return resp.Status
}

// submit clicks a button and waits for the page that answers.
func (tb *tab) submit(button string) {
	tb.t.Helper()
	tb.run(chromedp.Evaluate(`window.__before = true`, nil), chromedp.Click(button, chromedp.ByQuery))
	tb.waitJS(`!window.__before && document.readyState === "complete"`, 60*time.Second)
}

// switchLanguage follows the page's language switch and returns the status
// of the page it lands on.
func (tb *tab) switchLanguage() int64 {
	tb.t.Helper()
	tb.submit(`.top-links a[lang]`)
	var status int64
	tb.run(chromedp.Evaluate(`performance.getEntriesByType("navigation")[0].responseStatus`, &status))
	return status
}

// waitJS polls a JavaScript condition until it holds.
func (tb *tab) waitJS(cond string, timeout time.Duration) {
	tb.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		var ok bool
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		err := chromedp.Run(ctx, chromedp.Evaluate(cond, &ok))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	tb.t.Fatalf("%s: %s did not hold within %s on %s: %s", tb.who, cond, timeout, tb.location(), tb.text("main"))
}

// until reloads a page until its main text contains want.
func (tb *tab) until(path, want string, timeout time.Duration) {
	tb.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		tb.open(path)
		if strings.Contains(tb.text("main"), want) {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("%s: %s never showed %q: %s", tb.who, path, want, tb.text("main"))
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func (tb *tab) text(sel string) string {
	var s string
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	_ = chromedp.Run(ctx, chromedp.Text(sel, &s, chromedp.ByQuery))
	return s
}

func (tb *tab) fill(values map[string]string) {
	tb.t.Helper()
	for name, v := range values {
		tb.run(chromedp.SetValue(`[name="`+name+`"]`, v, chromedp.ByQuery))
	}
}

func (tb *tab) choose(name, value string) {
	tb.t.Helper()
	tb.run(chromedp.Click(`input[name="`+name+`"][value="`+value+`"]`, chromedp.ByQuery))
}

// letter follows the case page's letter link as the signed-in person and
// returns the PDF's bytes, or none when the answer is not a PDF.
func (tb *tab) letter() []byte {
	tb.t.Helper()
	var encoded string
	tb.run(chromedp.Evaluate(`(async () => {
		const r = await fetch(document.querySelector('a[href$="/letter.pdf"]').href);
		if (r.headers.get("Content-Type") !== "application/pdf") return "";
		let s = "";
		for (const b of new Uint8Array(await r.arrayBuffer())) s += String.fromCharCode(b);
		return btoa(s);
	})()`, &encoded, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	pdf, _ := base64.StdEncoding.DecodeString(encoded)
	return pdf
}

func (tb *tab) click(sel string) {
	tb.t.Helper()
	tb.run(chromedp.Click(sel, chromedp.ByQuery))
}

func (tb *tab) upload(sel, path string) {
	tb.t.Helper()
	tb.run(chromedp.SetUploadFiles(sel, []string{path}, chromedp.ByQuery))
}

func (tb *tab) offline(off bool) {
	tb.run(network.Enable(), network.EmulateNetworkConditions(off, 0, -1, -1))
}

// shot writes screenshots of the page as it is now (a form half filled,
// offline) at both sizes to .test/screenshots/, and leaves the tab at its own.
func (tb *tab) shot(name string) {
	tb.t.Helper()
	dir := filepath.Join("..", "..", ".test", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	was := tb.view
	for _, v := range []viewport{phone, desktop} {
		var png []byte
		tb.run(tb.size(v), chromedp.FullScreenshot(&png, 100))
		if err := os.WriteFile(filepath.Join(dir, name+"-"+v.name+".png"), png, 0o644); err != nil {
			tb.t.Fatal(err)
		}
	}
	tb.run(tb.size(was))
}

// shots opens each page and screenshots it.
func (tb *tab) shots(pages map[string]string) {
	tb.t.Helper()
	for name, path := range pages {
		tb.open(path)
		tb.shot(name)
	}
}

// signInFamily signs a family in by phone with the code the test sender caught.
func (tb *tab) signInFamily(codes *codeBox, phoneNumber string) {
	tb.t.Helper()
	tb.open("/signin")
	tb.fill(map[string]string{"phone": phoneNumber})
	tb.submit(`form[action="/signin/code"] button`)
	tb.fill(map[string]string{"code": codes.last(phoneNumber)})
	tb.submit(`form[action="/signin/family"] button`)
	tb.waitJS(`location.pathname === "/my"`, 10*time.Second)
}

// signInStaff signs a member of staff in with the demo password, which
// staff added to the roster by another test are given first.
func (tb *tab) signInStaff(id string) {
	tb.t.Helper()
	tb.s.givePassword(id)
	tb.open("/staff/signin")
	tb.fill(map[string]string{"account": id, "password": demoPassword})
	tb.submit(`form[action="/staff/signin"] button`)
	tb.waitJS(`location.pathname !== "/staff/signin"`, 10*time.Second)
}

// codeBox is the test's sender of sign-in codes: it keeps them to be read.
type codeBox struct {
	mu    sync.Mutex
	codes map[string]string
}

func (b *codeBox) SendCode(_ context.Context, phone, code string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.codes[phone] = code
	return nil
}

func (b *codeBox) last(phone string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.codes[phone]
}

// captureCodes makes the stack started next send codes to the box.
func captureCodes(t *testing.T) *codeBox {
	box := &codeBox{codes: map[string]string{}}
	was := newCodeSender
	newCodeSender = func(*notify.Outbox) accounts.CodeSender { return box }
	t.Cleanup(func() { newCodeSender = was })
	return box
}

// newPhone is a mobile number no other test signs in with.
func newPhone() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(100_000_000))
	return fmt.Sprintf("137%08d", n.Int64())
}

func evaluate(js string) chromedp.Action { return chromedp.Evaluate(js, nil) }

// evaluateTo runs JavaScript, awaiting a promise, into out.
func evaluateTo(js string, out any) chromedp.Action {
	return chromedp.Evaluate(js, out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })
}

func setSelect(sel, value string) chromedp.Action {
	return chromedp.SetValue(sel, value, chromedp.ByQuery)
}

// givePassword gives an account the demo password unless it has one.
func (s *stack) givePassword(id string) {
	s.t.Helper()
	db, err := postgres.Open(context.Background(), loadConfig(s.getenv).DatabaseURL)
	if err != nil {
		s.t.Fatal(err)
	}
	defer db.Close()
	hash, err := accounts.HashPassword(demoPassword)
	if err == nil {
		err = db.SeedPassword(context.Background(), id, hash, time.Now())
	}
	if err != nil {
		s.t.Fatalf("password of %s: %v", id, err)
	}
}
