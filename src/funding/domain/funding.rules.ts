import { defineRules } from '../../core/domain-rules';

/** Rules about funding programmes, grants and receipts (see core/domain-rules.ts). */
export const FUNDING_RULES = defineRules({
  PROGRAMME_EXISTS: { en: 'The funding programme already exists', de: 'Das Förderprogramm existiert bereits' },
  PROGRAMME_NAME_TAKEN: { en: 'Another funding programme has this name', de: 'Ein anderes Förderprogramm trägt diesen Namen' },
  PROGRAMME_UNKNOWN: { en: 'The funding programme does not exist', de: 'Das Förderprogramm existiert nicht' },
  GRANT_EXISTS: { en: 'The grant was already applied for', de: 'Die Zuwendung wurde bereits beantragt' },
  GRANT_WRONG_STATUS: { en: "The grant's status does not allow this step", de: 'Der Status der Zuwendung lässt diesen Schritt nicht zu' },
  GRANT_FOUR_EYES: { en: 'Decisions on a grant are taken by someone other than the applicant (four-eyes)', de: 'Über eine Zuwendung entscheidet eine andere Person als die antragstellende (Vier-Augen-Prinzip)' },
  GRANT_PROOF_FOUR_EYES: { en: 'A proof of use is accepted by someone other than who submitted it (four-eyes)', de: 'Einen Verwendungsnachweis erkennt eine andere Person an als die einreichende (Vier-Augen-Prinzip)' },
  GRANT_SUPPLEMENT_NOT_APPLICANT: { en: 'Only the applicant supplements the application', de: 'Nur die antragstellende Person ergänzt den Antrag' },
  GRANT_MEASURE_NOT_FUNDABLE: { en: 'Only a planned or approved measure can be funded', de: 'Nur eine geplante oder genehmigte Maßnahme kann gefördert werden' },
  GRANT_PLAN_UNBALANCED: { en: 'The financing plan does not balance: requested + own share + third-party funds = total eligible cost', de: 'Der Finanzierungsplan geht nicht auf: Zuwendung + Eigenanteil + Drittmittel = zuwendungsfähige Gesamtausgaben' },
  GRANT_PERIOD_END_BEFORE_START: { en: 'A period of the application or approval ends before it begins', de: 'Ein Zeitraum des Antrags oder Bescheids endet vor seinem Beginn' },
  GRANT_EARLY_START_NOT_REQUESTED: { en: 'The application did not request an early start', de: 'Der Antrag hat keinen vorzeitigen Maßnahmebeginn beantragt' },
  GRANT_EARLY_START_ALREADY_PERMITTED: { en: 'An early start was already permitted', de: 'Ein vorzeitiger Maßnahmebeginn ist bereits zugelassen' },
  GRANT_EARLY_START_AFTER_PERIOD: { en: 'An early start cannot be permitted after the end of the applied period', de: 'Ein vorzeitiger Maßnahmebeginn kann nicht nach dem beantragten Zeitraum zugelassen werden' },
  GRANT_EARLY_START_REQUEST_KEPT: { en: 'A request for an early start that was permitted cannot be taken back', de: 'Ein zugelassener Antrag auf vorzeitigen Maßnahmebeginn kann nicht zurückgenommen werden' },
  GRANT_APPROVAL_ABOVE_REQUESTED: { en: 'The approved maximum cannot exceed the amount requested', de: 'Der bewilligte Höchstbetrag kann den beantragten Betrag nicht übersteigen' },
  GRANT_MAXIMUM_ABOVE_ELIGIBLE: { en: 'The maximum amount cannot exceed the eligible expenditure', de: 'Der Höchstbetrag kann die zuwendungsfähigen Ausgaben nicht übersteigen' },
  GRANT_AMENDMENT_VERSION: { en: 'An amendment is numbered as the next version of the approval', de: 'Eine Änderung trägt die nächste Fassungsnummer des Bescheids' },
  GRANT_MAXIMUM_BELOW_DISBURSED: { en: 'The maximum amount cannot be cut below what was already disbursed', de: 'Der Höchstbetrag kann nicht unter den bereits ausgezahlten Betrag sinken' },
  GRANT_PERIOD_EXCLUDES_RECORDS: { en: 'The amended approval period must still cover the payments and expenditures recorded', de: 'Der geänderte Bewilligungszeitraum muss die erfassten Zahlungen und Ausgaben weiter umfassen' },
  GRANT_DISBURSEMENT_DUPLICATE: { en: 'The disbursement is already recorded', de: 'Die Auszahlung ist bereits erfasst' },
  GRANT_DISBURSEMENT_OUTSIDE_PERIOD: { en: 'Funds are paid out only within the approval period', de: 'Mittel werden nur im Bewilligungszeitraum ausgezahlt' },
  GRANT_DISBURSEMENT_ABOVE_APPROVED: { en: 'Disbursements cannot exceed the approved maximum', de: 'Auszahlungen können den bewilligten Höchstbetrag nicht übersteigen' },
  GRANT_DISBURSEMENT_NEED_TOO_LATE: { en: 'Funds are called only for needs of the next two months after payment', de: 'Mittel werden nur für den Bedarf der zwei Monate nach Auszahlung abgerufen' },
  GRANT_EXPENDITURE_DUPLICATE: { en: 'The expenditure is already recorded', de: 'Die Ausgabe ist bereits erfasst' },
  GRANT_EXPENDITURE_ABOVE_RECEIPT: { en: 'The amount declared exceeds the total of the receipt', de: 'Der angesetzte Betrag übersteigt den Gesamtbetrag des Belegs' },
  GRANT_EXPENDITURE_OUTSIDE_PERIOD: { en: 'Only expenditures within the approval period can be declared', de: 'Nur Ausgaben im Bewilligungszeitraum können angesetzt werden' },
  GRANT_PROOF_YEAR_OUTSIDE_PERIOD: { en: 'The budget year of the proof of use lies outside the approval period', de: 'Das Haushaltsjahr des Verwendungsnachweises liegt außerhalb des Bewilligungszeitraums' },
  GRANT_PROOF_AWAITS_CHECK: { en: 'The proof of use awaits its check', de: 'Der Verwendungsnachweis wartet auf seine Prüfung' },
  GRANT_PROOF_ALREADY_ACCEPTED: { en: 'The proof of use was already accepted', de: 'Der Verwendungsnachweis ist bereits anerkannt' },
  GRANT_PROOF_NOT_AWAITING_CHECK: { en: 'Only a submitted proof of use awaiting its check can be queried or accepted', de: 'Nur ein eingereichter, ungeprüfter Verwendungsnachweis kann beanstandet oder anerkannt werden' },
  GRANT_REPAYMENT_DEMAND_DUPLICATE: { en: 'The repayment demand is already recorded', de: 'Die Rückforderung ist bereits erfasst' },
  GRANT_REPAYMENT_ABOVE_DISBURSED: { en: 'More cannot be demanded back than was disbursed and not yet demanded', de: 'Zurückgefordert wird höchstens, was ausgezahlt und noch nicht zurückgefordert ist' },
  GRANT_REPAYMENT_ABOVE_OUTSTANDING: { en: 'More is received than is outstanding on the repayment demand', de: 'Der Eingang übersteigt den offenen Betrag der Rückforderung' },
  GRANT_REPAYMENT_NOTHING_OUTSTANDING: { en: 'Nothing is outstanding on the repayment demand', de: 'Auf die Rückforderung ist nichts mehr offen' },
  GRANT_CLOSE_WITHOUT_FINAL_PROOF: { en: 'A grant is closed only once its final proof of use is accepted', de: 'Eine Zuwendung wird erst nach Anerkennung des abschließenden Verwendungsnachweises abgeschlossen' },
  GRANT_CLOSE_REPAYMENT_OPEN: { en: 'A grant cannot be closed while a repayment is open', de: 'Eine Zuwendung kann nicht abgeschlossen werden, solange eine Rückforderung offen ist' },
  GRANT_MEASURE_NOT_LINKED: { en: "The measure is not one of the grant's measures", de: 'Die Maßnahme gehört nicht zu dieser Zuwendung' },
  GRANT_MEASURE_START_ALREADY_CONFIRMED: { en: 'The start of the measure was already confirmed for another date', de: 'Der Maßnahmebeginn ist bereits für ein anderes Datum bestätigt' },
  GRANT_MEASURE_START_NOT_COVERED: { en: 'Neither the approval period nor a permitted early start covers the measure start', de: 'Weder Bewilligungszeitraum noch zugelassener vorzeitiger Beginn deckt den Maßnahmebeginn' },
  RECEIPT_SHARE_NOT_POSITIVE: { en: 'A share of a receipt is a positive amount', de: 'Ein Anteil an einem Beleg ist ein positiver Betrag' },
  RECEIPT_MISMATCH: { en: 'The receipt was declared before with another file or total', de: 'Der Beleg wurde zuvor mit anderer Datei oder anderem Gesamtbetrag angesetzt' },
  RECEIPT_SHARE_DUPLICATE: { en: 'The expenditure already holds a share of this receipt', de: 'Die Ausgabe hält bereits einen Anteil an diesem Beleg' },
  RECEIPT_ABOVE_TOTAL: { en: 'A receipt is never declared beyond its total across all grants (double funding)', de: 'Ein Beleg wird über alle Zuwendungen nie über seinen Gesamtbetrag angesetzt (Doppelförderung)' },
});

declare module '../../core/domain-rules' {
  interface DomainRuleCatalogues {
    funding: typeof FUNDING_RULES;
  }
}
