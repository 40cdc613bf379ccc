/**
 * A parcel as screening takes it, wherever it comes from (a claim in the database, a file given to the
 * CLI, a benchmark): its stored JSON text and the manifest facts the rules read. Text, because strings
 * are the cheapest thing to move between threads.
 */
export interface ParcelToScreen {
  id: number;
  itemId: string;
  revision: number;
  data: string;
  regime: string;
  destinationCountry: string;
}
