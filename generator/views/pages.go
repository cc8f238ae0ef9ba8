package views

import (
	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/report"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/theme"
)

// The kinds of the generated pages. A page's kind names its layout
// (layouts/<kind>.html).
const (
	KindRoles  site.Kind = "roles"
	KindRole   site.Kind = "role"
	KindPeople site.Kind = "people"
	KindPerson site.Kind = "person"
	KindDuty   site.Kind = "duty"
	// KindMatrix is /matrix/ (the current stage) and /matrix/<stage>/ (every other).
	KindMatrix site.Kind = "matrix"
	KindOwners site.Kind = "owners"
	// KindAssignments is the assignment guide, published only with [privacy]
	// fit_scores; the owner's report has it always.
	KindAssignments site.Kind = "assignments"
	KindSkills      site.Kind = "skills"
	KindStages      site.Kind = "stages"
	KindOrg         site.Kind = "org"
	// KindPrint is the whole handbook at /print/, KindRolePrint a role's onboarding
	// packet at /roles/<id>/print/.
	KindPrint     site.Kind = "print"
	KindRolePrint site.Kind = "role-print"
)

// Options are what the views need of the config.
type Options struct {
	// Stage is the team's current stage id; "" means the last stage.
	Stage string
	// Privacy says which judgements of named people are published.
	Privacy config.Privacy
	// MaxAccountable is [rules] max_accountable, for the team analysis.
	MaxAccountable int
	// Report are [report]'s settings, for the team analysis: the recommendation's
	// minimum fit, pinned people and limits, the hours of a week and the load
	// threshold. Nil means report.DefaultSettings().
	Report *report.Settings
	// OnboardingSection is the key of the section whose pages a role's onboarding
	// packet holds ("onboarding").
	OnboardingSection string
	// BaseURL is the site's baseURL, for the absolute addresses of calendar feeds.
	BaseURL string
	// Title is the site's title in each language, for calendar names.
	Title func(lang string) string
	// External builds the views for pages outside the staff site (the owner's report):
	// links to the staff site's pages are absolute, made with BaseURL's scheme and
	// host, or empty when BaseURL has no host.
	External bool
}

// DefaultOnboardingSection is the section whose chapters a role's onboarding packet
// holds unless [params] onboarding_section names another.
const DefaultOnboardingSection = "onboarding"

// NewOptions returns the views' options from the config.
func NewOptions(cfg *config.Config) Options {
	settings := report.SettingsOf(cfg.Report)
	o := Options{Stage: cfg.Stage, Privacy: cfg.Privacy, MaxAccountable: cfg.Rules.MaxAccountable,
		Report:            &settings,
		OnboardingSection: DefaultOnboardingSection, BaseURL: cfg.BaseURL,
		Title: func(lang string) string {
			if l := cfg.Language(lang); l != nil && l.Title != "" {
				return l.Title
			}
			return cfg.Title
		}}
	if v, ok := cfg.Params["onboarding_section"].(string); ok && v != "" {
		o.OnboardingSection = trimSlashes(v)
	}
	return o
}

func trimSlashes(s string) string {
	for len(s) > 0 && s[0] == '/' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

// Generated are the top-level folders of content/ whose pages the generated pages
// stand for (handbook.DataFolders).
func Generated() []string { return handbook.DataFolders() }

// AddPages adds the handbook's generated pages to every language of set, titled with
// that language's words: the roles, people, duty, matrix (one per stage), owners, team
// and print pages. Call it before set.Finish. A handbook without data adds the print
// page alone.
func AddPages(set *site.Set, hb *handbook.Handbook, words map[string]theme.Words, opts Options) {
	for _, s := range set.Sites {
		t := words[s.Lang].T
		text := func(x handbook.Text) string { return x.Get(s.Lang, set.Default) }
		add := func(kind site.Kind, key, title string, data any) {
			set.Add(&site.Page{Kind: kind, Lang: s.Lang, Key: key, Title: title, Data: data})
		}
		add(KindPrint, "print", t("print_title"), "print")
		if hb == nil {
			continue
		}
		if len(hb.Roles) > 0 {
			add(KindRoles, "roles", t("roles"), string(KindRoles))
			for _, r := range hb.Roles {
				add(KindRole, "roles/"+r.ID, text(r.Title), r.ID)
				add(KindRolePrint, "roles/"+r.ID+"/print", t("print_role_title", text(r.Title)), r.ID)
			}
		}
		if len(hb.People) > 0 {
			add(KindPeople, "people", t("people"), string(KindPeople))
			for _, p := range hb.People {
				add(KindPerson, "people/"+p.ID, text(p.Name), p.ID)
			}
		}
		if len(hb.Duties) > 0 {
			for _, d := range hb.Duties {
				add(KindDuty, "duties/"+d.ID, text(d.Title), d.ID)
			}
			add(KindMatrix, "matrix", t("matrix"), "")
			cur := currentStage(hb, opts.Stage)
			for _, st := range hb.Stages {
				if st != cur {
					add(KindMatrix, "matrix/"+st.ID, t("matrix_at", text(st.Title)), st.ID)
				}
			}
			add(KindOwners, "owners", t("owners"), string(KindOwners))
		}
		if len(hb.Roles) > 0 && len(hb.People) > 0 && opts.Privacy.FitScores {
			add(KindAssignments, "assignments", t("assignments"), string(KindAssignments))
		}
		if len(hb.Skills) > 0 {
			add(KindSkills, "skills", t("skills"), string(KindSkills))
		}
		if len(hb.Stages) > 0 {
			add(KindStages, "stages", t("stages"), string(KindStages))
		}
		if len(hb.Roles) > 0 {
			add(KindOrg, "org", t("org"), string(KindOrg))
		}
	}
}

// currentStage returns the stage with the id, the last stage for "", nil without
// stages or for an unknown id.
func currentStage(hb *handbook.Handbook, id string) *handbook.Stage {
	if id == "" && len(hb.Stages) > 0 {
		return hb.Stages[len(hb.Stages)-1]
	}
	return hb.Stage(id)
}

// NavKeys are the keys of the generated pages that the navigation lists, in order,
// when the site has them.
func NavKeys() []string {
	return []string{"roles", "people", "matrix", "owners", "assignments", "skills", "stages", "org"}
}
