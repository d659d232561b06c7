import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { Permission, RequirePermission } from '@cascade/auth';
import { RequestLocale } from '@cascade/common';
import type { Locale } from '@cascade/i18n';

import { CoursesService } from './courses.service.js';
import { CoursePageDto, CourseResponseDto } from './dto/course.response.dto.js';
import { CreateCourseDto } from './dto/create-course.dto.js';
import { ListCoursesQueryDto } from './dto/list-courses-query.dto.js';
import { UpdateCourseDto } from './dto/update-course.dto.js';

/** The curriculum, one for every country: read by all but donors, written by officers and admins. */
@ApiTags('courses')
@ApiBearerAuth()
@Controller('courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Get()
  @RequirePermission(Permission.CoursesRead)
  @ApiOkResponse({ type: CoursePageDto })
  async list(@Query() query: ListCoursesQueryDto, @RequestLocale() locale: Locale): Promise<CoursePageDto> {
    const page = await this.courses.list(query);
    return { ...page, items: page.items.map((course) => CourseResponseDto.from(course, course.modules, locale)) };
  }

  @Get(':id')
  @RequirePermission(Permission.CoursesRead)
  @ApiOkResponse({ type: CourseResponseDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @RequestLocale() locale: Locale): Promise<CourseResponseDto> {
    const course = await this.courses.get(id);
    return CourseResponseDto.from(course, course.modules, locale);
  }

  @Post()
  @RequirePermission(Permission.CoursesManage)
  @ApiCreatedResponse({ type: CourseResponseDto })
  async create(@Body() dto: CreateCourseDto, @RequestLocale() locale: Locale): Promise<CourseResponseDto> {
    const course = await this.courses.create(dto);
    return CourseResponseDto.from(course, course.modules, locale);
  }

  @Patch(':id')
  @RequirePermission(Permission.CoursesManage)
  @ApiOkResponse({ type: CourseResponseDto })
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateCourseDto,
    @RequestLocale() locale: Locale,
  ): Promise<CourseResponseDto> {
    const course = await this.courses.update(id, dto);
    return CourseResponseDto.from(course, course.modules, locale);
  }
}
