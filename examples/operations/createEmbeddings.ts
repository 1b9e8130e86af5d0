import { Nugen } from "nugen";

const nugen = new Nugen(); // reads NUGEN_API_KEY

// A passage and a question it answers: their vectors point alike.
const texts = [
  "Customers may return a bike within 30 days of delivery.",
  "How long do customers have to return a bike?",
];
const { data } = await nugen.embeddings.create({ model: "nomic-embed-text-v1.5", input: texts });
const [first = [], second = []] = data.map((item) => item.embedding ?? []);
console.log(`${data.length} vectors of ${first.length} dimensions`);

// The vectors are not unit length: divide by both norms for the cosine similarity.
const dot = first.reduce((sum, value, index) => sum + value * (second[index] ?? 0), 0);
console.log(`cosine similarity: ${(dot / (Math.hypot(...first) * Math.hypot(...second))).toFixed(3)}`);
