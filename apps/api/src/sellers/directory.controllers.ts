import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { CodeParam } from '../common/params';
import { CsvImportResult, DirectoryService, DirectoryView } from './directory.service';
import { CreateAgencyDto, CreateSellerDto, UpdateAgencyDto, UpdateSellerDto } from './dto/seller.dto';

const READERS = ['channel_manager', 'admin', 'compliance', 'customer_service', 'team_leader', 'auditor'] as const;

function csvBody(req: Request): Request {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'text/csv') throw new DomainError('IMPORT_FORMAT_UNSUPPORTED', 'Content-Type must be text/csv', 'Content-Type');
  return req;
}

@ApiTags('sellers')
@ApiBearerAuth()
@Controller('sellers')
export class SellersController {
  constructor(private readonly directory: DirectoryService) {}

  @Post()
  @Roles('channel_manager', 'admin')
  @ApiOperation({ summary: 'Register a seller (agent, bancassurance account manager, agency staff)' })
  create(@CurrentUser() user: Principal, @Body() dto: CreateSellerDto): Promise<DirectoryView> {
    return this.directory.create(user, 'seller', dto);
  }

  @Post('import')
  @Roles('channel_manager', 'admin')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv')
  @ApiOperation({ summary: 'CSV import of sellers; good rows stored, bad rows reported by line' })
  import(@CurrentUser() user: Principal, @Req() req: Request): Promise<CsvImportResult> {
    return this.directory.importCsv(user, 'seller', csvBody(req));
  }

  @Put(':code')
  @Roles('channel_manager', 'admin')
  @ApiOperation({ summary: 'Update a seller, e.g. the date they passed the form-filling test' })
  update(@CurrentUser() user: Principal, @Param() { code }: CodeParam, @Body() dto: UpdateSellerDto): Promise<DirectoryView> {
    return this.directory.update(user, 'seller', code, dto);
  }

  @Get(':code')
  @Roles(...READERS)
  get(@CurrentUser() user: Principal, @Param() { code }: CodeParam): Promise<DirectoryView> {
    return this.directory.get(user, 'seller', code);
  }
}

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly directory: DirectoryService) {}

  @Post()
  @Roles('channel_manager', 'admin')
  @ApiOperation({ summary: 'Register an agency (professional or part-time)' })
  create(@CurrentUser() user: Principal, @Body() dto: CreateAgencyDto): Promise<DirectoryView> {
    return this.directory.create(user, 'agency', dto);
  }

  @Post('import')
  @Roles('channel_manager', 'admin')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv')
  @ApiOperation({ summary: 'CSV import of agencies; good rows stored, bad rows reported by line' })
  import(@CurrentUser() user: Principal, @Req() req: Request): Promise<CsvImportResult> {
    return this.directory.importCsv(user, 'agency', csvBody(req));
  }

  @Put(':code')
  @Roles('channel_manager', 'admin')
  update(@CurrentUser() user: Principal, @Param() { code }: CodeParam, @Body() dto: UpdateAgencyDto): Promise<DirectoryView> {
    return this.directory.update(user, 'agency', code, dto);
  }

  @Get(':code')
  @Roles(...READERS)
  get(@CurrentUser() user: Principal, @Param() { code }: CodeParam): Promise<DirectoryView> {
    return this.directory.get(user, 'agency', code);
  }
}
