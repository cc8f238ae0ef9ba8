// Package sitecheck checks a built site the way a reader's browser and a link checker
// would see it, without a browser: every internal link and asset reference resolves,
// fragments name an id of their target page, and every HTML page is well formed and
// keeps the structural accessibility rules a template can break.
//
// Input: the built site as an fs.FS (the destination folder, public/) and the site's
// baseURL. Output: a Report listing every Problem with the file, the line and the rule
// broken; Check stops at nothing but an unreadable file system.
//
// The rules, each named in Problem.Rule:
//   - html: the page does not tokenise cleanly (a stray or missing end tag, no doctype);
//   - link: an href, src, srcset, poster or meta refresh URL inside the site names a file
//     that does not exist (a folder URL needs its index.html);
//   - fragment: a #fragment names no id (or <a name>) in its target page;
//   - duplicate-id: two elements of one page share an id;
//   - img-alt: an img, area or image input has no alt attribute (alt="" is fine: it
//     marks a decorative image);
//   - lang: the html element has no lang;
//   - heading-order: a heading goes down more than one level (h1 then h3);
//   - h1: a page has no h1 or more than one (redirect pages made for aliases are exempt).
//
// Links to other hosts, mailto: and tel: are not followed: the checker works offline.
// It only reads; it never writes into the site.
package sitecheck
