import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY
const uploadId = process.env.UPLOAD_ID ?? "3f6c1a9e-8b2d-4e57-9c10-5a7d2e4b8f61"; // from documents.upload

const { status, document_id } = await nugen.documents.status(uploadId);
console.log(status, document_id ?? "(not processed yet)");

// Or wait until it is processed: resolves with the doc_... id, throws JobFailedError if it failed.
const ready = await nugen.documents.waitUntilReady(uploadId);
console.log("document id:", ready.document_id);
