/** petrovich ships no types: a person's name parts in, the same parts in the asked case out. */
declare module 'petrovich' {
  type Person = { gender: 'male' | 'female' | 'androgynous'; first?: string; middle?: string; last?: string };
  function petrovich(person: Person, grammaticalCase: string): Person;
  export default petrovich;
}
