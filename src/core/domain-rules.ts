/**
 * Stable codes of the business rules, so a client (a German UI, a test, an integrator) tells refusals apart without
 * reading English prose: every DOMAIN_RULE error carries one in `extensions.rule`.
 *
 * Each context declares its codes once, in `<context>.rules.ts` of its domain folder, with a one-line meaning in
 * English and German, and registers them here by augmenting `DomainRuleCatalogues`. The registration keeps the
 * layering (core knows no context) while `ruleViolated` still accepts exactly the codes some context declared.
 * A rule about another aggregate (a closed district, an unknown action field) is declared by the context that owns
 * that aggregate and named by its code wherever it is enforced.
 */

/** What a rule means, in one line each. */
export interface RuleText {
  readonly en: string;
  readonly de: string;
}

/** Context name → its catalogue (`typeof <CONTEXT>_RULES`); filled in by module augmentation in each rules file. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainRuleCatalogues {}

/** Every declared rule code. */
export type RuleCode = {
  [Context in keyof DomainRuleCatalogues]: keyof DomainRuleCatalogues[Context] & string;
}[keyof DomainRuleCatalogues];

/** Declares a context's rules: codes are SCREAMING_SNAKE and start with the aggregate they are about. */
export const defineRules = <T extends Record<string, RuleText>>(rules: T): Readonly<T> => Object.freeze(rules);
