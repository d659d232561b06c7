/**
 * Countries: the countries a program runs in.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { CountriesModule } from './countries.module.js';
export { CountriesService } from './countries.service.js';
export { Country } from './country.entity.js';
export { CountryNamesDto } from './dto/create-country.dto.js';
