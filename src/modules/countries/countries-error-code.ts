export enum CountriesErrorCode {
  CountryExists = 'country_exists',
}
