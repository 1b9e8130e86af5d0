import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

const { documents = [], categories = [] } = await nugen.documents.list();
for (const document of documents) console.log(document.id, document.filename, document.status);
console.log("categories:", categories.map((category) => `${category.name} (${category.count})`).join(", "));
