import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const documentId = process.env.DOCUMENT_ID ?? "document_01KZXQH8B0NX5N2R"; // from documents.upload

const { status, progress } = await nugen.documents.status(documentId);
console.log(documentId, status, `${progress ?? 0}%`);

// Or wait until it is processed (throws JobFailedError if it failed): the id stays the same.
const ready = await nugen.documents.waitUntilReady(documentId);
console.log(ready.document_id, ready.status);
