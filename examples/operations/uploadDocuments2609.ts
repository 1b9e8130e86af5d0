import { createReadStream } from "node:fs";
import { DocumentAlreadyUploadedError, Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

// Text files (.md .txt .json .jsonl .xml .csv), up to 100 MB each; files on disk are streamed.
try {
  const { document_ids } = await nugen.documents.upload(createReadStream("kestrel-support-handbook.md"), {
    categories: ["support"],
    names: ["Kestrel support handbook"], // one per file, in order (2026-09); else each is named after its file
  });
  console.log("document ids:", document_ids); // final document_... ids, no upload id to resolve

  for (const documentId of document_ids) {
    const ready = await nugen.documents.waitUntilReady(documentId); // usable once READY
    console.log(ready.document_id, ready.status);
  }
} catch (error) {
  // A file name uploaded before is refused (409) with the existing document's id: reuse it.
  if (error instanceof DocumentAlreadyUploadedError) console.log("already uploaded as", error.documentId);
  else throw error;
}

// Or in one call, for one file or many (a file already uploaded counts as done):
// const ready = await nugen.documents.uploadAndWait([createReadStream("a.md"), createReadStream("b.csv")]);
