import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const documentId = process.env.DOCUMENT_ID ?? "doc_01KXG7ZB3MQ4R2H";

const { message } = await nugen.documents.delete(documentId);
console.log(message);
