// Package fit scores how well people fit roles and finds the best overall
// assignment of people to role slots, the skill gaps of a team, each person's
// weekly load in hours, who can do a duty, and growth paths.
//
// # Input
//
// Small value types of its own, filled by the caller from the handbook (at one
// stage: roles that exist, duties' roles and people's roles as the stage has them):
// [Role] (required and preferred skill levels, headcount, growth path, the hours of
// one slot), [Person] (skill levels, roles held, capacity, interests, shares of
// their roles' work) and [Duty] (responsible and accountable roles, weekly effort,
// peak weeks, the accountable role's share). Ids are compared as given; the package
// does not validate references: unknown role ids in a person's Roles or a duty's
// lists are ignored, and when ids repeat in an input list the first occurrence wins.
// Checking the handbook is the job of the check package.
//
// # Output
//
// Plain values, always in a deterministic order that depends only on the ids and
// the data, never on the order of the input slices or on timing: [Fit] from
// [Score], ranked [Candidate]s from [Rank], a score matrix from [ScoreAll], the best
// [Assignment] from [Assign] (or a [*SizeError]), uncovered skills from [RoleGaps],
// [PersonLoad] from [Load], [RoleLoad] from [RoleLoads], a stage's hours from
// [TotalHours], a [Hire] from [NextHire], who can do a duty from an [Ability], and
// growth [Step]s from [Growth].
//
// # What it must not do
//
// It reads no files, prints nothing, keeps no package-level mutable state and
// imports nothing from the rest of Rolebook, so every function is safe for
// concurrent use and can be tested on literals.
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
// # The load
//
// A duty's hours in ISO week w (1 to 52) are its Effort, or Peaks[w] when given.
// At a stage:
//
//	role hours(r, w)   = Σ duties d that r does: hours(d, w) / |responsible roles of d|
//	                   + Σ duties d that r owns and does not do: AccountableShare(d) × hours(d, w)
//	person hours(p, w) = Σ roles r that p holds: share(p, r) × role hours(r, w)
//
// where share(p, r) is p.Shares[r], the holders without one splitting what the others
// leave equally (parts that add up to more than 1, or to less when every holder gives
// one, are scaled to 1). A role without holders carries its hours alone: no one does
// them. [Load] averages a person's hours over weeks 1 to 52 and finds the busiest
// week; capacity is Capacity (0 meaning 1) times the hours of a full week; Over means
// the average is above capacity, High above the threshold's share of it, PeakOver
// that the weeks differ and the busiest is above capacity.
//
// [NextHire] counts unmet work: hours beyond people's capacity plus hours of roles no
// one holds; the next hire is the role whose one new full-time holder (without a
// share of their own) removes the most of it, on average hours.
//
// Invariants: the hours of all holders of a role add up to the role's hours (none
// are lost or made up, whatever the shares); a role's hours do not depend on who
// holds it; Σ role hours over roles is TotalHours. Sums are compared within a
// billionth of an hour, so that three duties of 40/3 hours do not overload a
// 40-hour week.
//
// # Who can do a duty
//
// [Ability] answers it for the bus factor, continuity and cross-training alike: the
// holders of the duty's responsible roles, and the people who have every required
// skill of one of them at its level. A role that requires nothing counts only its
// holders (it is not something anyone can do).
//
// # The assignment
//
// [Assign] gives each role Headcount slots and fills them so that the total weight of
// the filled slots is as large as possible. A pair's weight is its score, plus
// Options.InterestWeight when the role lists a skill the person wants to grow. The
// rules:
//
//   - fixed pairs: with Options.KeepCurrent every current holder keeps their roles,
//     and a person in Options.Pinned keeps exactly theirs (and takes nothing else);
//     fixed pairs are made whatever their score, even beyond Headcount;
//   - a pair that is not fixed is never made when its score is 0, below
//     Options.MinScore, or (without Options.AllowTraining) the person has a required
//     skill of the role at level 0: the slot stays unfilled;
//   - a person takes at most Options.MaxRolesPerPerson slots, never two of one role;
//   - a person may take one slot whatever its hours, but two or more only when the
//     hours of their slots (Role.Hours, fixed ones included) fit in their capacity
//     (Capacity × Options.HoursPerWeek).
//
// Among assignments with the same total it keeps as many current holders in their
// roles as possible, so the recommendation only moves people when it helps; any
// remaining tie is settled by the ids.
//
// Without the hours, the problem is a min-cost flow (roles to people, unit capacity
// per pair) solved by successive shortest paths with potentials, one role slot at a
// time, over a dense weight matrix: the Hungarian algorithm generalised to people
// who may hold several roles, in O(S·(R+P)·P) time for S slots, R roles and P
// people, in integer arithmetic: weights enter the optimisation rounded to a
// millionth of a point (coarser only for inputs of hundreds of thousands of slots,
// to stay clear of overflow). The hours make it a generalised assignment problem,
// hard in general; Assign solves it exactly by branch and bound over such flows. A
// subproblem's relaxation drops the hours, keeping for each person the most slots
// whose hours could fit; its flow bounds every assignment of the subproblem. When
// the flow gives a person roles whose hours do not fit, it splits on those roles r1..rm
// (highest weight first): child k rules out rk and forces r1..rk-1, so every
// assignment that keeps the hours is in exactly one child. The first relaxation,
// repaired (each person over their hours gives up their lowest-weight slots, which go
// to the best person with room), is the first assignment to beat.
//
// Limits: the search stops once the flows it has solved add up to about 10^9 steps
// (S·(R+P)·P each) or 20,000 subproblems, and returns the best assignment found with
// Assignment.Inexact set: it keeps every rule, but is not proven the best. A team of
// a hundred slots and people gets hundreds of subproblems; one of 1,000 by 1,000 its
// first one and the repair. Options.MaxPairs bounds S × P: above it Assign returns a
// *SizeError at once rather than run for minutes: the time grows with the cube of the
// team's size (see docs/performance.md).
//
// Invariants, checked against brute force on every team shape up to 5 people and 4
// roles: every rule above holds; the total is the best among assignments that keep
// them; Total is the sum of the slots' scores; Unfilled lists each empty slot once.
//
// Size: about 1,800 lines, over the 1,500 a package aims for: the scores, the load in
// hours and the assignment (a min-cost flow with the owner's rules, assign.go) are one
// model of the team, and their invariants (above) hold across them.
package fit
