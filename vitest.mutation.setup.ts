import fc from 'fast-check';

// A mutant that breaks a property is caught by its first counterexample; shrinking it to the
// smallest one only costs time and, on a slow machine, turns a caught mutant into a timeout that
// restarts the test worker. Mutation runs only; `npm test` keeps full shrinking.
fc.configureGlobal({ endOnFailure: true });
