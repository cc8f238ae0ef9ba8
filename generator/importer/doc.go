// Package importer turns a RACI spreadsheet, saved as CSV, into duty tables.
//
// Input: the bytes of a CSV file (UTF-8 with or without a byte order mark, or GBK/GB18030
// as Excel and WPS save it on Chinese systems; comma, semicolon or tab separated) whose
// first column is the duty's title, whose optional columns named id, area, cadence,
// effort and notes (or 编号, 区域, 频率, 工时, 备注) give those keys, and whose other
// columns are roles with R, A, C and I in the cells ("A/R", "AR" and "A、R" combine
// letters). Output: the text of one content/duties/<area>.toml file per area, and every
// problem found, each at its row (as the spreadsheet numbers it: the header is row 1)
// and column.
//
// It is pure: it reads no file and writes none; the cli package does both.
package importer
