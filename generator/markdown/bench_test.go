package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// samplePage is a realistic handbook page of about 2 KB: headings, lists, a GFM table,
// in-handbook links, Chinese text and a code block.
const samplePage = `# 售后客服

售后客服负责**订单发出之后**的一切：退款、换货、投诉和差评回复。
谁负责，出了问题就找谁：退款问题找售后，不找运营。

## 每天做什么

- [x] 上午十点前处理完前一天的[退款申请](duty:refund-requests)
- [ ] 回复所有差评，语气参考[客服话术](../guide/tone.md#apology)
- 把需要财务确认的退款转给[财务](role:finance)，见[流程](../team/how-we-work.md#handoffs)

### 退款的金额权限

| 金额 | 谁批准 | 多久内 |
|------|:------:|-------:|
| 100 元以下 | 售后客服 | 当天 |
| 100-500 元 | [售后主管](role:service-lead) | 1 天 |
| 500 元以上 | [财务](role:finance) | 2 天 |

## 需要的技能

1. [客户关怀](skill:customer-care)，三级以上
2. 基本的记账能力，能看懂[订单报表](https://example.com/reports)
3. 会用快捷回复：

` + "```text" + `
亲，您好！退款已经处理，预计 1-3 个工作日到账。
如有问题请随时联系我们。
` + "```" + `

## 向谁汇报

售后客服向[售后主管](role:service-lead)汇报；新人入职第一周跟[王芳](person:wang-fang)学习。
Stage "scale" 时才有这个岗位，之前由[客服](role:service)兼任。

> 分工清晰、不重叠，是员工留下来的前提。

### 成长路径

下一步是[售后主管](role:service-lead)：需要 ~~三年~~ 一年以上经验，以及带新人的能力。
详见[角色总览](../roles/_index.md)。
`

// generatedPage is a page like those of the benchmark handbook written by
// gen_site.py (about 2 KB: English prose with emphasis and code spans, Chinese
// sentences, nested lists, absolute and external links, a GFM table, a code block and a
// quote).
const generatedPage = `
Parental holiday access vacation onboarding payroll. Privacy leave *account* approval report contract equity project. Schedule promotion project ` + "`" + `team` + "`" + ` parental contract equipment equity security project manager.

绩效评估每季度进行一次。加班须经部门负责人批准。 Insurance salary wellness quarter password jury **offer**.

## Scope and purpose

Employee access leave budget **promotion** feedback privacy. Shift policy travel employee request *shift* review shift review offer overtime remote. Jury training vacation benefits schedule manager travel *report* leave health vacation password compliance promotion.

- Approval security feedback salary privacy quarter contract equipment.
- Approval overtime benefits onboarding team **retirement** probation.
  - Project holiday promotion dental.
- 年假需提前两周通过系统提交申请。

## Details

See [report vision](/sec-07/page-003727/), [feedback escalation](/sec-08/page-003388/) and [policy portal](https://intranet.example.com/policies/9999). Meeting incident interview project laptop vacation escalation promotion payroll offer probation.

1. Meeting *contract* leave interview.
2. Review remote schedule shift calendar training.
3. Dental report deadline ` + "`" + `security` + "`" + ` account.

### Approval matrix

| Request | Approver | Days | 说明 |
|---|---|---:|---|
| vacation retirement | Expense | 15 | 所有设备归公 |
| calendar remote | Vacation | 28 | 员工手册适用 |
| project dental | Review | 25 | 年假需提前两 |
| privacy laptop | Escalation | 3 | 员工手册适用 |

**benefits** payroll salary jury process laptop equity. Privacy retirement shift hiring dental hiring parental.

` + "```" + `text
role: R-0112
step: 6
` + "```" + `

> **Note:** Health vacation compliance bonus process remote retirement manager handbook vacation calendar overtime travel. 如遇紧急情况，请立即联系直属经理。

## Contacts

Sick parental holiday calendar password expense compliance leave shift schedule dental review privacy *request*. Password calendar hiring password *request* meeting parental retirement.
`

// benchResolver resolves every link, as a handbook without broken links does.
type benchResolver struct{}

func (benchResolver) Resolve(dest string) (string, bool, string, string) {
	return "/" + strings.TrimSuffix(strings.ReplaceAll(dest, ":", "/"), ".md") + "/", true, "", ""
}

func BenchmarkRender(b *testing.B) {
	r := New(Options{})
	src := []byte(samplePage)
	ctx := Context{File: "content/roles/after-sales.md", FirstLine: 14, Resolver: benchResolver{}}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := r.Render(src, ctx); ds.Len() != 0 {
			b.Fatal(ds)
		}
	}
}

func BenchmarkRenderGenerated(b *testing.B) {
	r := New(Options{})
	src := []byte(generatedPage)
	ctx := Context{File: "content/sec-19/page-009999.md", FirstLine: 7, Resolver: benchResolver{}}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := r.Render(src, ctx); ds.Len() != 0 {
			b.Fatal(ds)
		}
	}
}

// BenchmarkGoldmark parses and renders the sample pages with goldmark alone, configured
// and called as Render does it: the difference to BenchmarkRender and
// BenchmarkRenderGenerated is the cost of Rolebook's own passes.
func BenchmarkGoldmark(b *testing.B) {
	for _, page := range []struct{ name, src string }{{"sample", samplePage}, {"generated", generatedPage}} {
		b.Run(page.name, func(b *testing.B) {
			md := New(Options{}).md
			src := []byte(page.src)
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
				var buf htmlBuffer
				buf.Grow(len(src) + len(src)/2)
				if err := md.Renderer().Render(&buf, src, doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRenderParallel(b *testing.B) {
	r := New(Options{})
	src := []byte(samplePage)
	ctx := Context{File: "content/roles/after-sales.md", FirstLine: 14, Resolver: benchResolver{}}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r.Render(src, ctx)
		}
	})
}

// lines repeats line until the text is at least n bytes.
func lines(line string, n int) string { return strings.Repeat(line, n/len(line)+1) }

// pathological inputs, each built to a given size. Compare ns/op across sizes: time
// that grows about ten times per tenfold size is linear. Deeper nesting than
// MaxNesting is refused by Render; MaxBytes bounds the size of every page.
var pathological = []struct {
	name string
	make func(n int) string
}{
	{"quotes-at-max-nesting", func(n int) string { return lines(strings.Repeat(">", MaxNesting)+" x\n", n) }},
	{"quote-list-mix", func(n int) string { return lines(strings.Repeat("> - ", MaxNesting/2)+"x\n", n) }},
	{"nested-lists", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("  ", i) + "- x\n")
		}
		return b.String()
	}},
	{"open-brackets", func(n int) string { return strings.Repeat("[", n) }},
	{"bracket-pairs", func(n int) string { return strings.Repeat("[a](", n/4) }},
	{"stars", func(n int) string { return strings.Repeat("*", n) }},
	{"star-words", func(n int) string { return strings.Repeat("*a ", n/3) }},
	{"unclosed-comments", func(n int) string { return strings.Repeat("<!--\n", n/5) }},
	{"inline-comments", func(n int) string { return strings.Repeat("a <!-- ", n/7) }},
	{"backticks", func(n int) string { return strings.Repeat("`a", n/2) }},
	{"same-headings", func(n int) string { return strings.Repeat("## 职责\n", n/12) }},
	{"table-columns", func(n int) string {
		row := strings.Repeat("|a", n/4)
		return row + "|\n" + strings.Repeat("|-", n/4) + "|\n"
	}},
	// Past the limits of checkCost at the larger sizes: refused in time linear in
	// the size.
	{"table-rows", func(n int) string { return table(DefaultMaxTableColumns, n/2) }},
	{"link-definitions", func(n int) string { return definitions(n / 16) }},
	{"emphasis-lines", func(n int) string { return lines("*a**a\n", n) }},
	{"strike-and-links", func(n int) string { return lines("~a~~a [b](c)\n", n) }},
}

func BenchmarkPathological(b *testing.B) {
	r := New(Options{MaxBytes: -1})
	for _, p := range pathological {
		for _, size := range []int{1 << 10, 10 << 10, 100 << 10} {
			src := []byte(p.make(size))
			b.Run(fmt.Sprintf("%s/%dKB", p.name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					r.Render(src, Context{File: "p.md"})
				}
			})
		}
	}
}

// TestPathologicalInputsRender renders each pathological input once at a modest size,
// so that "go test" (without -bench) still checks that they finish and stay safe.
func TestPathologicalInputsRender(t *testing.T) {
	r := New(Options{})
	for _, p := range pathological {
		res, _ := r.Render([]byte(p.make(4<<10)), Context{File: "p.md"})
		if bad := unsafeHTML(res.HTML); bad != "" {
			t.Errorf("%s: output has %s", p.name, bad)
		}
	}
}
