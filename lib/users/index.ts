export { getProfile } from "./get-profile";
export { greetingName, type GreetingReader } from "./greeting-name";
