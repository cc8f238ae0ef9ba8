package diag

// Rule is the short stable name of the check that found a problem ("single-owner",
// "unknown-key"...): what tools filter diagnostics by (rolebook check --format json
// prints it). Every rule Rolebook reports is one of the constants below; a test
// (TestRuleConstants) keeps the code from writing a rule name as a string.
type Rule string

// The rules, by name.
const (
	RuleAbsentRole      Rule = "absent-role"      // a person holds a role the current stage does not have
	RuleActiveFile      Rule = "active-file"      // a file under content/ that a browser would run (HTML, SVG, XML...)
	RuleAliasLoop       Rule = "alias-loop"       // an alias that is its own page's address
	RuleBackup          Rule = "backup"           // a duty's backup who is not a person or role of the handbook, or cannot stand in
	RuleBrokenLink      Rule = "broken-link"      // a link to a page, file, heading, role, duty, person or skill that does not exist
	RuleBuild           Rule = "build"            // the build as a whole could not go on (interrupted, a stage failed)
	RuleBusFactor       Rule = "bus-factor"       // a duty only one person has the skills for
	RuleCadence         Rule = "cadence"          // a duty's cadence that is not one Rolebook knows
	RuleConfig          Rule = "config"           // a setting of config.toml, the environment or a flag with a wrong value
	RuleConfigFile      Rule = "config-file"      // a configuration file Rolebook does not read (Hugo's YAML or JSON)
	RuleDuplicateId     Rule = "duplicate-id"     // an id defined twice (a duty, role, person, skill, stage or heading)
	RuleDuplicateKey    Rule = "duplicate-key"    // a key written twice in one table
	RuleEncoding        Rule = "encoding"         // text that is not UTF-8, or holds control characters
	RuleFileSize        Rule = "file-size"        // a file larger than [limits] max_file_size
	RuleFragment        Rule = "fragment"         // a built page's #fragment that names no id of its target (sitecheck)
	RuleFrontMatter     Rule = "front-matter"     // front matter that cannot be read (not closed, not a table)
	RuleH1              Rule = "h1"               // a built page with no h1 or more than one (sitecheck)
	RuleHeadingOrder    Rule = "heading-order"    // a built page whose headings skip a level (sitecheck)
	RuleHtml            Rule = "html"             // a built page that does not parse cleanly as HTML (sitecheck)
	RuleHugoFolder      Rule = "hugo-folder"      // a folder of a Hugo site that Rolebook does not use
	RuleHugoKey         Rule = "hugo-key"         // a Hugo setting that Rolebook does not have
	RuleId              Rule = "id"               // an id that is not a lower-case slug
	RuleImgAlt          Rule = "img-alt"          // a built page's image without alt text (sitecheck)
	RuleImport          Rule = "import"           // a spreadsheet row or header that cannot be imported
	RuleLandingPage     Rule = "landing-page"     // two files that would each be a folder's landing page
	RuleLang            Rule = "lang"             // a built page whose html element has no lang (sitecheck)
	RuleLanguage        Rule = "language"         // a language that is not configured, or a translation that is not allowed
	RuleLead            Rule = "lead"             // a lead who does not hold the role they lead
	RuleLink            Rule = "link"             // a built page's link or asset that names no file of the site (sitecheck)
	RuleMarkdown        Rule = "markdown"         // Markdown that cannot be rendered
	RuleMaxAccountable  Rule = "max-accountable"  // a person who answers for more duties than [rules] max_accountable
	RuleMaxPeople       Rule = "max-people"       // a stage whose headcount is above its max_people
	RuleMenu            Rule = "menu"             // a [menu.main] entry whose page does not exist
	RuleMisplacedPage   Rule = "misplaced-page"   // a page in a folder that holds handbook data
	RuleMissingKey      Rule = "missing-key"      // a required key that is not written
	RuleNoRole          Rule = "no-role"          // a person who holds no role
	RuleOnePerson       Rule = "one-person"       // duties whose owner resolves to several people: a role with several holders and no lead
	RuleOutputClash     Rule = "output-clash"     // two sources that would write the same output file
	RuleOverHeadcount   Rule = "over-headcount"   // a role with more holders than its headcount
	RulePageTooLarge    Rule = "page-too-large"   // a page over [limits] max_file_size
	RulePanic           Rule = "panic"            // a failure inside Rolebook while rendering a page (a bug)
	RuleRaciConflict    Rule = "raci-conflict"    // a role that is accountable or responsible and also consulted or informed on a duty
	RuleRawHtml         Rule = "raw-html"         // raw HTML that is left out of a page
	RuleRead            Rule = "read"             // a file that cannot be read
	RuleReference       Rule = "reference"        // an id that names no role, skill, person, stage or page, with "did you mean"
	RuleReportingCycle  Rule = "reporting-cycle"  // reporting lines that loop
	RuleResponsible     Rule = "responsible"      // a duty with no responsible role
	RuleShare           Rule = "share"            // a person's share of their roles' work that does not add up
	RuleShortcode       Rule = "shortcode"        // a Hugo shortcode Rolebook does not know, or used wrongly
	RuleSingleOwner     Rule = "single-owner"     // a duty with no accountable role, or more than one
	RuleSkillLevel      Rule = "skill-level"      // a skill level outside 0-4 (1-4 for a role's needs)
	RuleStageHeadcount  Rule = "stage-headcount"  // a stage's headcount of a role it does not have, or a wrong count
	RuleStageOwner      Rule = "stage-owner"      // at a stage, a duty without exactly one owner after covers; a cover chain that ends nowhere or loops
	RuleStaleAssessment Rule = "stale-assessment" // skill levels assessed longer ago than [report] assessed_max_age
	RuleSymlink         Rule = "symlink"          // a symbolic link that is not followed
	RuleSyntax          Rule = "syntax"           // a TOML, YAML or JSON syntax error
	RuleTemplate        Rule = "template"         // a template that does not parse or fails to run
	RuleThemeLanguage   Rule = "theme-language"   // a language the theme has no words for
	RuleTooComplex      Rule = "too-complex"      // a page whose cost would grow faster than its size (table columns, link definitions, emphasis marks)
	RuleTooDeep         Rule = "too-deep"         // values, lists, folders or Markdown nested deeper than the limits
	RuleTooLarge        Rule = "too-large"        // a count or a page over its limit (headcount, table columns, link definitions...)
	RuleType            Rule = "type"             // a value of the wrong type
	RuleUnknownArea     Rule = "unknown-area"     // an area of areas.toml that no duty file or role names
	RuleUnknownFile     Rule = "unknown-file"     // a data file Rolebook does not know
	RuleUnknownKey      Rule = "unknown-key"      // a key Rolebook does not know, with "did you mean"
	RuleUnownedDuty     Rule = "unowned-duty"     // a duty whose owner at the current stage has no holder: nobody to ask
	RuleUnsafePath      Rule = "unsafe-path"      // a file or folder name that would make an unsafe address
	RuleVacantRole      Rule = "vacant-role"      // a role of the current stage with fewer holders than its headcount
	RuleWrite           Rule = "write"            // an output file that cannot be written
)

// Rules lists every rule, for tools and the documentation.
func Rules() []Rule {
	return []Rule{
		RuleAbsentRole,
		RuleActiveFile,
		RuleAliasLoop,
		RuleBackup,
		RuleBrokenLink,
		RuleBuild,
		RuleBusFactor,
		RuleCadence,
		RuleConfig,
		RuleConfigFile,
		RuleDuplicateId,
		RuleDuplicateKey,
		RuleEncoding,
		RuleFileSize,
		RuleFragment,
		RuleFrontMatter,
		RuleH1,
		RuleHeadingOrder,
		RuleHtml,
		RuleHugoFolder,
		RuleHugoKey,
		RuleId,
		RuleImgAlt,
		RuleImport,
		RuleLandingPage,
		RuleLang,
		RuleLanguage,
		RuleLead,
		RuleLink,
		RuleMarkdown,
		RuleMaxAccountable,
		RuleMaxPeople,
		RuleMenu,
		RuleMisplacedPage,
		RuleMissingKey,
		RuleNoRole,
		RuleOnePerson,
		RuleOutputClash,
		RuleOverHeadcount,
		RulePageTooLarge,
		RulePanic,
		RuleRaciConflict,
		RuleRawHtml,
		RuleRead,
		RuleReference,
		RuleReportingCycle,
		RuleResponsible,
		RuleShare,
		RuleShortcode,
		RuleSingleOwner,
		RuleSkillLevel,
		RuleStageHeadcount,
		RuleStageOwner,
		RuleStaleAssessment,
		RuleSymlink,
		RuleSyntax,
		RuleTemplate,
		RuleThemeLanguage,
		RuleTooComplex,
		RuleTooDeep,
		RuleTooLarge,
		RuleType,
		RuleUnknownArea,
		RuleUnknownFile,
		RuleUnknownKey,
		RuleUnownedDuty,
		RuleUnsafePath,
		RuleVacantRole,
		RuleWrite,
	}
}
