package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/rolebook/rolebook/generator/sitecheck"
)

// checkSite runs the site checker on a built site.
func checkSite(t *testing.T, dir, baseURL string) *sitecheck.Report {
	t.Helper()
	rep, err := sitecheck.Check(os.DirFS(dir), sitecheck.Options{BaseURL: baseURL})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// printPDF prints the open page to a PDF file under dir, with the page's own @page
// sizes (the matrix is landscape).
func (b *browser) printPDF(t *testing.T, dir, name string) string {
	t.Helper()
	pdf := get(t, b, "printing to PDF", chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	p := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// pdfPages returns the size of each page of a PDF, in points, from pdfinfo.
func pdfPages(t *testing.T, file string) [][2]float64 {
	t.Helper()
	out, err := exec.Command(tool(t, "pdfinfo"), "-f", "1", "-l", "100000", file).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", file, err)
	}
	re := regexp.MustCompile(`(?m)^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+)`)
	var sizes [][2]float64
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		w, _ := strconv.ParseFloat(m[1], 64)
		h, _ := strconv.ParseFloat(m[2], 64)
		sizes = append(sizes, [2]float64{w, h})
	}
	if len(sizes) == 0 {
		t.Fatalf("pdfinfo lists no page in %s:\n%s", file, out)
	}
	return sizes
}

// pdfText extracts the text of a PDF's pages first to last (0 for the last page) with
// pdftotext, without whitespace: lines break anywhere in Chinese text.
func pdfText(t *testing.T, file string, first, last int) string {
	t.Helper()
	out, err := exec.Command(tool(t, "pdftotext"), "-enc", "UTF-8", "-f", strconv.Itoa(first), "-l", strconv.Itoa(last), file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	return squeeze(string(out))
}

// squeeze removes every white space from s.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// testPrint prints the whole handbook and a role's onboarding packet through Chromium
// and checks the PDFs: a sane page count, landscape pages for the matrix, and the text
// of the chapters, roles and matrix.
func testPrint(t *testing.T, b *browser, s *site) {
	dir := t.ArtifactDir()
	b.must(t, "desktop viewport", viewport(1280))

	b.open(t, s.url+"/print/")
	want := eval[[]string](t, b, `[document.querySelector("h1").textContent,
		...Array.from(document.querySelectorAll(".print-chapter > h2")).map(h => h.textContent)]`)
	if len(want) < 10 {
		t.Fatalf("/print/ has %d parts, want the chapters, the roles and the matrix: %v", len(want), want)
	}
	file := b.printPDF(t, dir, "handbook")
	sizes := pdfPages(t, file)
	if n := len(sizes); n < 10 || n > 200 {
		t.Errorf("the printed handbook has %d pages, want 10 to 200 (%s)", n, file)
	}
	landscape := 0
	for _, sz := range sizes {
		if sz[0] > sz[1] {
			landscape++
		}
	}
	t.Logf("the printed handbook has %d pages, %d of them landscape", len(sizes), landscape)
	if landscape == 0 || landscape == len(sizes) {
		t.Errorf("the printed handbook has %d landscape pages of %d; want the matrix, and only it, on landscape pages", landscape, len(sizes))
	}
	text := pdfText(t, file, 1, 0)
	for _, w := range want {
		if !strings.Contains(text, squeeze(w)) {
			t.Errorf("the printed handbook lacks %q (%s)", w, file)
		}
	}
	// The matrix's header row is repeated on every landscape page.
	head := eval[[]string](t, b, `Array.from(document.querySelectorAll(".print-matrix thead th")).map(th => th.textContent)`)
	for i, sz := range sizes {
		if sz[0] <= sz[1] {
			continue
		}
		page := pdfText(t, file, i+1, i+1)
		for _, h := range head {
			if !strings.Contains(page, squeeze(h)) {
				t.Errorf("landscape page %d of the printed handbook lacks the matrix header %q (%s)", i+1, h, file)
			}
		}
	}

	b.open(t, s.url+"/en/roles/after-sale/print/")
	want = eval[[]string](t, b, `[document.querySelector("h1").textContent,
		...Array.from(document.querySelectorAll(".print-chapter > h2, .print-chapter h3")).map(h => h.textContent),
		...Array.from(document.querySelectorAll(".checklist li")).map(li => li.textContent)]`)
	file = b.printPDF(t, dir, "after-sale-packet")
	if n := len(pdfPages(t, file)); n < 2 || n > 60 {
		t.Errorf("the onboarding packet has %d pages, want 2 to 60 (%s)", n, file)
	}
	text = pdfText(t, file, 1, 0)
	for _, w := range want {
		if !strings.Contains(text, squeeze(w)) {
			t.Errorf("the onboarding packet lacks %q (%s)", w, file)
		}
	}
	if !strings.Contains(text, "onboardingpacket") {
		t.Errorf("the onboarding packet's title is not printed (%s)", file)
	}
}
