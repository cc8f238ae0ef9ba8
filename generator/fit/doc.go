// Package fit scores how well people fit roles and finds the best overall
// assignment of people to role slots, the skill gaps of a team, each
// person's weekly load and their growth paths.
//
// # Input
//
// Small value types of its own, filled by the caller from the handbook:
// [Role] (required and preferred skill levels, headcount, growth path),
// [Person] (skill levels, roles held, capacity, interests) and [Duty]
// (responsible roles and weekly effort). Ids are compared as given; the
// package does not validate references: unknown role ids in a person's
// Roles or a duty's Responsible list are ignored, and when ids repeat in
// an input list the first occurrence wins. Checking the handbook is the
// job of the check package.
//
// # Output
//
// Plain values, always in a deterministic order that depends only on the
// ids and the data, never on the order of the input slices: [Fit] from
// [Score], ranked [Candidate]s from [Rank], a score matrix from
// [ScoreAll], the optimal [Assignment] from [Assign], uncovered skills
// from [RoleGaps], [PersonLoad] from [Load], a [Hire] from [NextHire]
// and growth [Step]s from [Growth].
//
// # What it must not do
//
// It reads no files, prints nothing, keeps no package-level mutable state
// and imports nothing from the rest of Rolebook, so every function is safe
// for concurrent use and can be tested on literals.
//
// # The fit score
//
// Each skill a role lists counts with a weight per level: 3 for a required
// skill, 1 for a preferred one, so a skill needed at level n is worth 3n
// (required) or n (preferred) points. A person earns, for each skill, the
// weight per level times their level capped at the needed level:
//
//	score = 100 × Σ w(s) × min(have(s), need(s)) / Σ w(s) × need(s)
//
// where w(s) is 3 for a required skill and 1 for a preferred one. Because
// of the cap, a level above the need earns nothing more and never makes up
// for a gap in another skill. A role that lists no skills scores 100 for
// everyone. A skill listed as both required and preferred counts once, as
// required; a need below 1 is ignored; a missing or negative level counts
// as 0.
//
// Worked example. The role after-sales requires customer-care at 3 and
// product-knowledge at 2, and prefers bookkeeping at 2 and english at 3.
// The most a person can earn is 3×3 + 3×2 + 1×2 + 1×3 = 20 points. Li Na
// has customer-care 4, product-knowledge 1 and english 1, and no
// bookkeeping. She earns 3×min(4,3) + 3×min(1,2) + 1×min(0,2) +
// 1×min(1,3) = 9 + 3 + 0 + 1 = 13 points, a score of 100 × 13 / 20 = 65.
// Her fourth level of customer-care does not make up for the missing level
// of product-knowledge: one missing level of a required skill costs her 3
// points (15 score points), one of a preferred skill 1 point (5 score
// points). Her gaps, sorted by skill, are bookkeeping 0 of 2 (preferred),
// english 1 of 3 (preferred) and product-knowledge 1 of 2 (required).
//
// # The assignment
//
// [Assign] gives each role Headcount slots and fills them so that the sum
// of the scores of the filled slots is as large as possible, subject to:
// a person takes at most Options.MaxRolesPerPerson slots, never two slots
// of one role, and a pair whose score is 0 is never made unless it keeps a
// current holder in place. Among assignments with the same total it keeps
// as many current holders in their roles as possible, so the
// recommendation only moves people when it helps; any remaining tie is
// settled by the ids (the result does not depend on input order). With
// Options.KeepCurrent the current holders are fixed in their roles and
// only the remaining slots and capacity are optimised.
//
// It is a min-cost flow (roles to people, unit capacity per pair) solved
// by successive shortest paths with potentials, one role slot at a time,
// over a dense score matrix: the Hungarian algorithm generalised to people
// who may hold several roles. It runs in O(S·(R+P)·P) time for S slots,
// R roles and P people, in integer arithmetic: scores enter the
// optimisation rounded to a millionth of a point (coarser only for inputs
// of hundreds of thousands of slots, to stay clear of overflow).
package fit
