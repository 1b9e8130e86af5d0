import { createReadStream } from "node:fs";
import { DocumentAlreadyUploadedError, Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

// Text files (.md .txt .json .jsonl .xml .csv), up to 100 MB each; files on disk are streamed.
try {
  const { document_ids } = await nugen.documents.upload(createReadStream("kestrel-support-handbook.md"), {
    categories: "support",
  });
  console.log("upload ids:", document_ids); // tracking ids: each resolves to a doc_... id once processed

  for (const uploadId of document_ids) {
    const ready = await nugen.documents.waitUntilReady(uploadId);
    console.log("document id:", ready.document_id);
  }
} catch (error) {
  // The same content uploaded twice is refused, with the existing document's id.
  if (error instanceof DocumentAlreadyUploadedError) console.log("already uploaded as", error.documentId);
  else throw error;
}

// Or in one call, for one file or many (content already uploaded counts as done):
// const ready = await nugen.documents.uploadAndWait([createReadStream("a.md"), createReadStream("b.csv")]);
// const documentIds = ready.map((document) => document.document_id);
