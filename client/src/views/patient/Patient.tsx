// Placeholder until the patient view lands.
export default function Patient() {
  return <main id="content"><h1>Patient</h1></main>;
}
