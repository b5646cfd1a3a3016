import { ACTORS } from './demo-data';

/**
 * The invented people behind the demo's user ids. They go into the user directory (recordUserProfile), outside
 * the event log: events name only the ids, so erasing a profile leaves the log as it is.
 */
export interface DemoProfile {
  userId: string;
  displayName: string;
  email: string;
  organisation: string;
}

export const DEMO_PROFILES: readonly DemoProfile[] = [
  { userId: ACTORS.stmHalle.id, displayName: 'Anna Schmidt', email: 'anna.schmidt@example.org', organisation: 'Quartiersmanagement Halle-Neustadt' },
  { userId: ACTORS.stmMagdeburg.id, displayName: 'Jonas Weber', email: 'jonas.weber@example.org', organisation: 'Stadtteilmanagement Neustädter Feld' },
  { userId: ACTORS.fmHalle.id, displayName: 'Leonie Hartmann', email: 'l.hartmann@example.org', organisation: 'Stadt Halle (Saale), Fördermittelverwaltung' },
  { userId: ACTORS.fmMagdeburg.id, displayName: 'Murat Yılmaz', email: 'murat.yilmaz@example.org', organisation: 'Landeshauptstadt Magdeburg, Fördermittelverwaltung' },
  { userId: ACTORS.fmLvwa.id, displayName: 'Katrin Vogel', email: 'katrin.vogel@example.org', organisation: 'Landesverwaltungsamt Sachsen-Anhalt' },
  { userId: ACTORS.fmIb.id, displayName: 'Thomas Neumann', email: 't.neumann@example.org', organisation: 'Investitionsbank Sachsen-Anhalt' },
  { userId: ACTORS.fmBva.id, displayName: 'Sabine Krüger', email: 'sabine.krueger@example.org', organisation: 'Bundesverwaltungsamt' },
  { userId: ACTORS.admin.id, displayName: 'Felix Brandt', email: 'felix.brandt@example.org', organisation: 'Stadt Halle (Saale), IT-Service' },
];
