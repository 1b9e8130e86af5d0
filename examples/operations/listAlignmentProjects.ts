import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

// Await a list for its first page (`page.items`, `page.hasNextPage()`); `for await` walks every project.
for await (const project of nugen.alignmentProjects.list({ limit: 50 })) {
  console.log(project.id, project.alignment_name, project.status);
}
