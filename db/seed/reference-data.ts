/**
 * Reference data shipped with Kollega (docs: ../shared/design/product.md, "Organisational units").
 * Pure data; db/seed/reference.ts writes it idempotently.
 */

export interface CountyData {
  code: string;
  letter: string;
  nameSv: string;
  nameEn: string;
}

/** The 21 counties with SCB county code and letter. Kolada id is "00" + code. */
export const COUNTIES: CountyData[] = [
  { code: "01", letter: "AB", nameSv: "Region Stockholm", nameEn: "Stockholm Region" },
  { code: "03", letter: "C", nameSv: "Region Uppsala", nameEn: "Uppsala Region" },
  { code: "04", letter: "D", nameSv: "Region Sörmland", nameEn: "Sörmland Region" },
  { code: "05", letter: "E", nameSv: "Region Östergötland", nameEn: "Östergötland Region" },
  { code: "06", letter: "F", nameSv: "Region Jönköpings län", nameEn: "Jönköping County Region" },
  { code: "07", letter: "G", nameSv: "Region Kronoberg", nameEn: "Kronoberg Region" },
  { code: "08", letter: "H", nameSv: "Region Kalmar län", nameEn: "Kalmar County Region" },
  { code: "09", letter: "I", nameSv: "Region Gotland", nameEn: "Gotland Region" },
  { code: "10", letter: "K", nameSv: "Region Blekinge", nameEn: "Blekinge Region" },
  { code: "12", letter: "M", nameSv: "Region Skåne", nameEn: "Skåne Region" },
  { code: "13", letter: "N", nameSv: "Region Halland", nameEn: "Halland Region" },
  { code: "14", letter: "O", nameSv: "Västra Götalandsregionen", nameEn: "Västra Götaland Region" },
  { code: "17", letter: "S", nameSv: "Region Värmland", nameEn: "Värmland Region" },
  { code: "18", letter: "T", nameSv: "Region Örebro län", nameEn: "Örebro County Region" },
  { code: "19", letter: "U", nameSv: "Region Västmanland", nameEn: "Västmanland Region" },
  { code: "20", letter: "W", nameSv: "Region Dalarna", nameEn: "Dalarna Region" },
  { code: "21", letter: "X", nameSv: "Region Gävleborg", nameEn: "Gävleborg Region" },
  { code: "22", letter: "Y", nameSv: "Region Västernorrland", nameEn: "Västernorrland Region" },
  { code: "23", letter: "Z", nameSv: "Region Jämtland Härjedalen", nameEn: "Jämtland Härjedalen Region" },
  { code: "24", letter: "AC", nameSv: "Region Västerbotten", nameEn: "Västerbotten Region" },
  { code: "25", letter: "BD", nameSv: "Region Norrbotten", nameEn: "Norrbotten Region" },
];

export interface HealthcareRegionData {
  code: string;
  nameSv: string;
  nameEn: string;
  /** County codes, with the part of the county where it is split between regions. */
  counties: { code: string; partSv?: string; partEn?: string }[];
}

/** The six healthcare regions (sjukvårdsregioner); Halland belongs to two. */
export const HEALTHCARE_REGIONS: HealthcareRegionData[] = [
  {
    code: "norra",
    nameSv: "Norra sjukvårdsregionen",
    nameEn: "Northern healthcare region",
    counties: [{ code: "22" }, { code: "23" }, { code: "24" }, { code: "25" }],
  },
  {
    code: "mellansverige",
    nameSv: "Sjukvårdsregion Mellansverige",
    nameEn: "Central Sweden healthcare region",
    counties: ["03", "04", "17", "18", "19", "20", "21"].map((code) => ({ code })),
  },
  {
    code: "stockholm-gotland",
    nameSv: "Sjukvårdsregion Stockholm–Gotland",
    nameEn: "Stockholm–Gotland healthcare region",
    counties: [{ code: "01" }, { code: "09" }],
  },
  {
    code: "sydostra",
    nameSv: "Sydöstra sjukvårdsregionen",
    nameEn: "South-eastern healthcare region",
    counties: [{ code: "05" }, { code: "06" }, { code: "08" }],
  },
  {
    code: "sodra",
    nameSv: "Södra sjukvårdsregionen",
    nameEn: "Southern healthcare region",
    counties: [
      { code: "07" },
      { code: "10" },
      { code: "12" },
      { code: "13", partSv: "södra Halland", partEn: "southern Halland" },
    ],
  },
  {
    code: "vastra",
    nameSv: "Västra sjukvårdsregionen",
    nameEn: "Western healthcare region",
    counties: [{ code: "14" }, { code: "13", partSv: "norra Halland", partEn: "northern Halland" }],
  },
];

export interface UnitData {
  code: string;
  nameSv: string;
  nameEn: string;
  hostOrganisation?: string;
}

/** One resource centre per healthcare region, as the report proposes (section 4, "Resurscentrum"). */
export const RESOURCE_CENTRES: (UnitData & { healthcareRegion: string })[] = HEALTHCARE_REGIONS.map((region) => ({
  code: `RC-${region.code.toUpperCase()}`,
  nameSv: `Resurscentrum ${region.nameSv.replace(/^Sjukvårdsregion(en)? /, "").replace(/ sjukvårdsregionen$/, "")}`,
  nameEn: `Resource centre ${region.nameEn.replace(/ healthcare region$/, "")}`,
  healthcareRegion: region.code,
}));

/**
 * Example nodes from the report (004:3707–3755). The report names a host only for the
 * newcomers' node (Värmland) and social investments (Norrköping, Örebro); the other hosts and
 * all connected counties are demo assumptions, recorded in docs/decisions/002-reference-data.md.
 */
export const NODES: (UnitData & { hostCounty: string; connectedCounties: string[] })[] = [
  {
    code: "NOD-NYANLANDA",
    nameSv: "Kunskapsnod Nyanländas psykiska hälsa",
    nameEn: "Knowledge node Mental health of newly arrived migrants",
    hostOrganisation: "Region Värmland",
    hostCounty: "17",
    connectedCounties: COUNTIES.map((c) => c.code),
  },
  {
    code: "NOD-TRAUMA",
    nameSv: "Kunskapsnod Traumavård",
    nameEn: "Knowledge node Trauma care",
    hostOrganisation: "Region Skåne",
    hostCounty: "12",
    connectedCounties: ["05", "06", "07", "08", "10", "12", "13"],
  },
  {
    code: "NOD-PLACERADE-BARN",
    nameSv: "Kunskapsnod Placerade barns skolgång och hälsa",
    nameEn: "Knowledge node School and health of children in care",
    hostOrganisation: "Västra Götalandsregionen",
    hostCounty: "14",
    connectedCounties: ["13", "14", "17", "18", "19", "20"],
  },
  {
    code: "NOD-BRUKARINFLYTANDE",
    nameSv: "Kunskapsnod Patientcentrering och brukarinflytande",
    nameEn: "Knowledge node Patient-centredness and user involvement",
    hostOrganisation: "Region Jönköpings län",
    hostCounty: "06",
    connectedCounties: ["01", "03", "04", "05", "06", "09", "22", "23", "24", "25"],
  },
  {
    code: "NOD-SOCINV-NORRKOPING",
    nameSv: "Kunskapsnod Sociala investeringar (Norrköping)",
    nameEn: "Knowledge node Social investments (Norrköping)",
    hostOrganisation: "Norrköpings kommun",
    hostCounty: "05",
    connectedCounties: ["04", "05", "06", "08"],
  },
  {
    code: "NOD-SOCINV-OREBRO",
    nameSv: "Kunskapsnod Sociala investeringar (Örebro)",
    nameEn: "Knowledge node Social investments (Örebro)",
    hostOrganisation: "Örebro kommun",
    hostCounty: "18",
    connectedCounties: ["03", "17", "18", "19", "20", "21"],
  },
];

export const NATIONAL_UNIT: UnitData = {
  code: "NAT",
  nameSv: "Nationell funktion för uppföljning och kvalitetssäkring",
  nameEn: "National function for follow-up and quality assurance",
};

export function koladaIdForCounty(code: string) {
  return `00${code}`;
}
