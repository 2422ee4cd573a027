package policy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The seed texts live beside the checkout, in shared/seeds (see README).
var seedDir = filepath.Join("..", "..", "shared", "seeds")

var seedOf = map[string]string{
	"taicang": "000_57829fd238d49918.txt", "xuzhou": "001_9220160505717f27.txt", "nanjing": "002_33b9bc37190a5259.txt",
	"jilin": "003_50ceb945c8696bf6.txt", "beijing": "004_bbbd482b0bb02628.txt",
}

// seedFixes undoes what scanning and conversion did to the seeds: Xuzhou's
// OCR errors, and Beijing's traditional characters (with pinyin in brackets).
var seedFixes = map[string]*strings.Replacer{
	"xuzhou": strings.NewReplacer("2m1年度", "2021年度", "补贝占", "补贴"),
	"beijing": strings.NewReplacer(strings.Split("個 个 傷 伤 兒 儿 內 内 區 区 參 参 員 员 圍 围 學 学 對 对 態 态 應 应 暫 暂 構 构 標 标 機 机 殘 残 "+
		"準 准 為 为 狀 状 療 疗 納 纳 經 经 續 续 職 职 規 规 診 诊 評 评 認 认 請 请 護 护 費 费 轄 辖 過 过 鄉 乡 醫 医 鎮 镇 長 长 關 关 險 险", " ")...),
}

var (
	pinyin = regexp.MustCompile(`\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)`)
	note   = regexp.MustCompile(`【[^】]*】`) // our reading, not the seed's words
	blank  = regexp.MustCompile(`[\s?]`)
	widths = strings.NewReplacer("(", "（", ")", "）", ",", "，", ":", "：", ";", "；")
)

func normalise(s string) string { return widths.Replace(blank.ReplaceAllString(s, "")) }

// seedClauses are the clauses of a policy that claim to quote the seed: every
// clause not labelled a local default, with its path.
func seedClauses(v any, path string, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && s != "" && (k == "clause" || strings.HasSuffix(k, "_clause")) && v["local_default"] != true {
				out[path+"."+k] = s
			}
			seedClauses(x, path+"."+k, out)
		}
	case []any:
		for i, x := range v {
			seedClauses(x, path+"["+strconv.Itoa(i)+"]", out)
		}
	}
}

func TestEveryClauseQuotesItsSeed(t *testing.T) {
	for code, file := range seedOf {
		raw, err := os.ReadFile(filepath.Join(seedDir, file))
		if err != nil {
			t.Skipf("seed texts not found in %s: %v", seedDir, err)
		}
		seed := normalise(pinyin.ReplaceAllString(string(raw), ""))
		if fix, ok := seedFixes[code]; ok {
			seed = fix.Replace(seed)
		}
		data, _ := json.Marshal(region(t, code))
		var p any
		_ = json.Unmarshal(data, &p)
		clauses := map[string]string{}
		seedClauses(p, code, clauses)
		if len(clauses) < 2 {
			t.Errorf("%s: only %d clauses found", code, len(clauses))
		}
		t.Logf("%s: %d clauses quote the seed", code, len(clauses))
		for path, clause := range clauses {
			if !quotes(seed, clause) {
				t.Errorf("%s is not in seed %s:\n  %s", path, file, clause)
			}
		}
	}
}

// quotes reports whether each part of a clause, between elisions (……), is
// in the seed, in order; notes in 【】 are not the seed's words.
func quotes(seed, clause string) bool {
	rest := seed
	for _, part := range strings.Split(note.ReplaceAllString(clause, ""), "……") {
		i := strings.Index(rest, normalise(part))
		if part == "" || i < 0 {
			return false
		}
		rest = rest[i+len(normalise(part)):]
	}
	return true
}

func TestNumbersNoSeedGivesAreLabelledLocalDefaults(t *testing.T) {
	for code := range seedOf {
		p := region(t, code)
		local := map[string]bool{"team": p.Team.LocalDefault, "committee": p.Committee.LocalDefault,
			"quality_sampling": p.QualitySamplingBasis.LocalDefault, "benefit_start": p.BenefitStartBasis.LocalDefault}
		for _, n := range p.namedPeriods() {
			local[n.name] = n.period.LocalDefault
		}
		for name, labelled := range local {
			fromSeed := code == "xuzhou" && name == "periods.validity" || name == "stabilisation" // 有效期为2年; 6个月
			if labelled == fromSeed {
				t.Errorf("%s %s: local_default %v", code, name, labelled)
			}
		}
	}
	if due := region(t, "xuzhou").WaitingPeriod.LatePayment.Due; !due.LocalDefault || due.Months != 1 {
		t.Errorf("xuzhou's due date for a later year is a local default: %+v", due)
	}
	if start := region(t, "jilin").GapCounting.SchemeStart; !start.LocalDefault || start.Date != "2022-01-01" {
		t.Errorf("jilin's scheme start is a local default: %+v", start)
	}
}
