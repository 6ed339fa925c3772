//! Fixed values the request examples of the document share (issue 17), so that one office, person
//! or meeting has the same id in every example that names it.
//!
//! The examples themselves sit on each request type (`#[schema(examples(json!(...)))]`) and come
//! from the published papers in `shared/seeds`: D0 (Alliance Governance Group of West Mercia and
//! Warwickshire, 26 July 2017, with its action and decision registers), D1 (joint record of decision
//! PCC/D/2017/05), D3 (Cambridgeshire Business Coordination Board and the three BCH section 22A
//! agreements, 2015) and D4 (West Mercia monthly assurance meeting, 28 October 2020). The ids are
//! made up (UUIDv7 in shape): a client sending an example unchanged gets 404 or 422 until it puts in
//! ids of its own records.

/// SHA-256 of D0, the draft AGG minutes of 26 July 2017 with the decision summary table.
pub const D0_SHA256: &str = "2bb0ba3056b124ec1b0c2421321da0cb16b5ebd31d30ac1c2b988825074521ff";
/// SHA-256 of D1, the joint record of decision PCC/D/2017/05.
pub const D1_SHA256: &str = "f0a9e46589e2da4be4ce97ea5b0a6e76cf5a8894a6745a5f7dda99e6c56e96de";
/// SHA-256 of D3, the Cambridgeshire Business Coordination Board papers of 2015.
pub const D3_SHA256: &str = "3fae6e5aa430d757eccdb2911dc1daf6ac6135b5faaa9a8ed448ab87142b2e52";
/// SHA-256 of D4, the West Mercia monthly assurance meeting notes of 28 October 2020.
pub const D4_SHA256: &str = "5553f3c4b51613e04054a943f9b4394fa6972f2d650a97f3235f5dcca8e11255";
/// An illustrative digest, for a document the seed papers name but do not contain.
pub const OTHER_SHA256: &str = "c065ce774e5d35c505f5f31c6339817043e4d32b8695818b8ef1b3996df30f8d";

/// Where Cambridgeshire publishes its Business Coordination Board papers (D3, appendix 1).
pub const BCB_PAPERS_URL: &str = "https://www.cambridgeshire-pcc.gov.uk/work/business-coordination-board/2015-2/";
/// Where Cambridgeshire publishes its decisions (D3, appendix 1).
pub const DECISIONS_URL: &str = "https://www.cambridgeshire-pcc.gov.uk/work/decisions/";

pub const FORCE_WEST_MERCIA: &str = "0192fba8-d9c0-7b03-8579-094f7a546a34";
pub const FORCE_BEDFORDSHIRE: &str = "0192fba9-179e-7867-92bc-6ebf46090cea";
pub const FORCE_CAMBRIDGESHIRE: &str = "0192fba9-368d-70ac-bf06-fd7319d0d231";
pub const FORCE_HERTFORDSHIRE: &str = "0192fba9-557c-7ed8-b31e-38b6ef4a0903";

pub const WEST_MERCIA_PCC: &str = "0192fba9-746b-7a1f-8184-3f42ebea9cdd";
pub const WEST_MERCIA_CHIEF_CONSTABLE: &str = "0192fba9-935a-774c-8ee3-d50c5fe949ff";
pub const WARWICKSHIRE_PCC: &str = "0192fba9-b249-7799-8d25-3d48168606b3";
pub const WARWICKSHIRE_CHIEF_CONSTABLE: &str = "0192fba9-d138-79b2-b64b-40ec34cb5259";
pub const BEDFORDSHIRE_PCC: &str = "0192fba9-f027-7874-9f2c-99ff764f0a0a";
pub const BEDFORDSHIRE_CHIEF_CONSTABLE: &str = "0192fbaa-0f16-76bb-885d-f81879ef5855";
pub const CAMBRIDGESHIRE_PCC: &str = "0192fbaa-2e05-79f8-a5fa-e26bfc872f7e";
pub const CAMBRIDGESHIRE_CHIEF_CONSTABLE: &str = "0192fbaa-4cf4-7bab-86bc-86a46fea25b2";
pub const HERTFORDSHIRE_PCC: &str = "0192fbaa-6be3-7848-8886-c801f44249a4";
pub const HERTFORDSHIRE_CHIEF_CONSTABLE: &str = "0192fbaa-8ad2-7205-b02c-c5fe488f6275";
pub const WEST_YORKSHIRE_PCC: &str = "0192fbaa-a9c1-7944-a4a0-ad061257df2f";
pub const WEST_YORKSHIRE_MAYOR: &str = "0192fbaa-c8b0-778a-b855-c169db4417d8";

pub const WEST_MERCIA_OPCC: &str = "0192fbaa-e79f-774d-bfdd-570b48a5c340";

pub const JOHN_CAMPION: &str = "0192fbab-257d-7013-bde9-efe6f97a1dfd";
pub const PHILIP_SECCOMBE: &str = "0192fbab-446c-75e5-a9d3-49ada148596a";
pub const TRACEY_ONSLOW: &str = "0192fbab-635b-758b-b093-f555971ec74d";
pub const ANTHONY_BANGHAM: &str = "0192fbab-824a-7176-b5de-8a330ae64e6f";
pub const AMANDA_BLAKEMAN: &str = "0192fbab-c028-7aa9-9f68-1f4af5882e16";
pub const ANDY_CHAMPNESS: &str = "0192fbab-df17-7ef7-83ac-6a88e4c59488";
pub const ALISON_RIXOM: &str = "0192fbab-fe06-70a7-9432-5fc31a358fa9";
pub const ELIZABETH_HALL: &str = "0192fbdf-c840-7870-af12-28b325b9d39e";
pub const GRAHAM_BRIGHT: &str = "0192fbdf-e72f-70e1-8025-b588f8bae322";

/// Deputy Chief Constable, West Mercia Police.
pub const DEPUTY_CHIEF_CONSTABLE_POST: &str = "0192fbac-b7a0-7e33-8660-81d1ed2a5553";
/// Chief Executive, West Mercia OPCC.
pub const CHIEF_EXECUTIVE_POST: &str = "0192fbac-98b1-7dda-93ad-3eeffa24b4f4";

pub const WMW_ALLIANCE: &str = "0192fbac-d68f-7dca-8f1c-d0a881d95a5d";
pub const BCH_STRATEGIC_ALLIANCE: &str = "0192fbac-f57e-7b61-b5c6-71a838f8d508";

/// The AGG meeting of 26 July 2017 (D0) and the next one, 30 August 2017, that approves its minutes.
pub const AGG_NEXT_MEETING: &str = "0192fbad-524b-79c4-b496-1dec7acb0f6a";
/// Item 03/26/07/17, Transformation Programme Update (Paper).
pub const TRANSFORMATION_ITEM: &str = "0192fbad-713a-7560-b004-29730b94db7b";
/// Item 05/26/07/17, OCC Building Transition Paper.
pub const OCC_BUILDING_ITEM: &str = "0192fbad-9029-7ae2-8947-2868c0591df5";
/// Item 2.1 of the West Mercia monthly assurance meeting of 28 October 2020 (D4).
pub const UPLIFT_ITEM: &str = "0192fbad-ce07-7f49-ab13-031f0d6055c4";

/// The D1 consent: the West Mercia PCC to the West Mercia chief constable, PCC/D/2017/05 para 4.
pub const D1_CONSENT: &str = "0192fbae-e46e-7194-a1b3-c6267a4c3b14";

/// Parties of the West Mercia and Warwickshire alliance agreement.
pub const WMW_PARTY_WEST_MERCIA_PCC: &str = "0192fbae-68b2-7be8-a4a9-4323707f9204";
pub const WMW_PARTY_WARWICKSHIRE_PCC: &str = "0192fbae-87a1-7c62-95da-eb63254b3d5c";
pub const WMW_PARTY_WEST_MERCIA_CHIEF_CONSTABLE: &str = "0192fbe0-061e-7d3b-a957-536627abadcb";
pub const WMW_PARTY_WARWICKSHIRE_CHIEF_CONSTABLE: &str = "0192fbe0-250d-7f18-a862-3a981c86d394";
/// The Cambridgeshire PCC as party of the BCH firearms and explosives licensing agreement.
pub const BCH_FEL_PARTY_CAMBRIDGESHIRE_PCC: &str = "0192fbae-a690-79b7-a37c-bd607e13c272";
