/** The demo accounts of product.md. They exist only in demo mode (KOLLEGA_DEMO, the default). */
import type { Role } from "../schema";

export const DEMO_PASSWORD = "kollega-demo";

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  /** Unit code: "NAT" or a county code. */
  homeUnit: string;
  note?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { email: "admin@kollega.test", name: "Alva Admin", role: "admin", homeUnit: "NAT" },
  { email: "redaktor@kollega.test", name: "Rasmus Redaktör", role: "editor", homeUnit: "NAT" },
  { email: "nationell@kollega.test", name: "Nora Nationell", role: "coordinator", homeUnit: "NAT" },
  { email: "radgivare@kollega.test", name: "Rut Rådgivare", role: "advisor", homeUnit: "NAT" },
  { email: "granskare.stockholm@kollega.test", name: "Sara Stockholm", role: "reviewer", homeUnit: "01", note: "lead" },
  { email: "granskare.skane@kollega.test", name: "Sven Skåne", role: "reviewer", homeUnit: "12" },
  { email: "granskare.norrbotten@kollega.test", name: "Nils Norrbotten", role: "reviewer", homeUnit: "25" },
  { email: "kontakt.uppsala@kollega.test", name: "Ulla Uppsala", role: "unit_contact", homeUnit: "03" },
  { email: "kontakt.stockholm@kollega.test", name: "Stina Stockholm", role: "unit_contact", homeUnit: "01" },
];
