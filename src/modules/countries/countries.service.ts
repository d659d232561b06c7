import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

import { Country } from './country.entity.js';

@Injectable()
export class CountriesService {
  constructor(@InjectRepository(Country) private readonly countries: Repository<Country>) {}

  list(): Promise<Country[]> {
    return this.countries.find({ order: { code: 'ASC' } });
  }
}
