import type { EasyReadStrings } from "../types";

// Cymraeg Hawdd ei Ddeall: yr un allweddi â'r Saesneg Hawdd ei Ddeall (en/easy-read.ts).
export const easyReadStrings = {} satisfies EasyReadStrings;
