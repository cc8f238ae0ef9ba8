// Package serve is Rolebook's dev server: it builds the handbook in memory, serves it
// on a loopback address, watches the handbook's files, rebuilds what a change touches
// and reloads open pages through server-sent events.
//
// Input: a resolved config.Config (and a way to read it again when config.toml
// changes), an address to listen on, and file-system events from fsnotify on content/
// (recursively, folders created later included), templates/ and the config file.
//
// Output: HTTP responses. The built site is a map of output path to bytes, replaced
// as a whole with one atomic pointer swap after each successful build, so a request
// sees either the previous site or the next one and never a half-built one. A body edit
// re-renders only the page built from that file (build.Session); any other change
// rebuilds the site in memory. After each build, subscribers (the browser's live-reload
// script, the command line, tests) get a Report: the pages to reload, or the
// diagnostics to show as an overlay; a failed build keeps the last good site served.
//
// Editors save in bursts (a write, a rename over the file, a backup file, a swap file):
// events are gathered until the files have been quiet for a short while (Debounce,
// bounded by MaxWait) and become one rebuild; dotfiles and editor backups are ignored.
//
// What it must not do: write anything to disk (no destination, no temporary folders);
// serve anything but the files of the built site (request paths are cleaned, dotfile
// segments and paths outside the site are 404 with the site's 404.html); answer a
// request whose Host does not name the server with its port (a DNS-rebinding defence;
// 403): on a loopback address the bound address, localhost, 127.0.0.1 or [::1]; on any
// other address the address of the interface the request came in on or the bound
// address, and the loopback names only for requests from the machine itself; stream
// live-reload events to another origin; keep a connection that sends its headers too
// slowly or sits idle (ReadHeaderTimeout, IdleTimeout); or print (the cli package
// prints the Reports). It keeps no package-level state: two Servers can run in one
// process.
package serve
