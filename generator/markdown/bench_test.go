package markdown

import (
	"fmt"
	"strings"
	"testing"
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
		if _, ds := r.Render(src, ctx); len(ds) != 0 {
			b.Fatal(ds)
		}
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
