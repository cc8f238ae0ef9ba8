// Package importer turns a RACI spreadsheet, saved as CSV, into duty tables, and merges
// them into existing duty files.
//
// Input: the bytes of a CSV file (UTF-8 with or without a byte order mark, or GBK/GB18030
// as Excel and WPS save it on Chinese systems; comma, semicolon or tab separated). The
// duty's title is the column whose header names it (duty, title, 职责, 标题...), else the
// first; optional columns named id, area, cadence, effort and notes (or 编号, 区域/领域,
// 频率, 工时, 备注) give those keys; owner and ask columns (负责人, 出了问题找), as the
// site's matrix.csv has them, are read and not imported, unless their cells hold RACI
// letters (a role named "Owner"); every other column is a role, with R, A, C and I in
// the cells ("A/R", "AR" and "A、R" combine letters). So the site's own matrix.csv, in
// either language, reads back as it was written (see Options.Accountable for a stage
// where roles are covered).
//
// Ids: an id column's ids are kept; otherwise a duty's id is its title's slug, accents
// dropped ("Café" -> "cafe"), or for a title without Latin letters (Chinese) its area and
// a hash of the title, the same wherever the row moves. Two rows with one title and no
// ids are an error naming both. Efforts take a decimal point or comma ("2,5").
//
// Output: the text of one content/duties/<area>.toml file per area (Import), and every
// problem found, each at its row (as the spreadsheet numbers it: the header is row 1)
// and column. Merge edits existing duty files in place instead: only the keys that
// differ change, comments and other keys stay, new duties are appended, and no duty is
// removed unless asked (Prune).
//
// It is pure: it reads no file and writes none; the cli package does both.
package importer
