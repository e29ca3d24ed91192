/** One read of a security incident: who read what, through which door, when. */
export interface AccessEntry {
  incidentId: number;
  /** `api:full-token`, `console:<user>`, `slack:U123` ... */
  who: string;
  /** `incident`, `timeline (md)`, `timeline verify` ... */
  what: string;
  /** `api`, `console`, `slack` */
  via: string;
  at: Date;
}
