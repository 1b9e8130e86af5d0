import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

// Every document: the SDK reads every page (at most 100 documents each).
const { documents } = await nugen.documents.list();
for (const document of documents) console.log(document.document_id, document.document_name, document.status);
